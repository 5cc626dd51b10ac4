using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Investments.Data;
using Region.Investments.V1;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Investments.Tests;

/// The investments service in-process on its own real PostgreSQL database and the shared RabbitMQ.
/// Its consumer queue has a name of its own and goes away with the host, so it never takes the
/// org-unit events meant for a running investments service or another test run.
public sealed class InvestmentsHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public string QueuePrefix { get; } = "investments-test-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // Not Development: no default tenant, so a call without x-tenant is refused.
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<IEndpointNameFormatter>(new KebabCaseEndpointNameFormatter(QueuePrefix, false));
                services.AddSingleton<IConfigureReceiveEndpoint, TemporaryQueues>();
            });
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        // Start the host (migrations run at start-up) before the first test call.
        _ = _factory.Services;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// A client calling as this tenant (and user).
    public InvestmentsService.InvestmentsServiceClient Client(string tenant, string user = "test.user") =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add(CallerContext.TenantHeader, tenant);
            metadata.Add(CallerContext.UserHeader, user);
            return metadata;
        }));

    /// A client for a tenant whose replica already holds the RS 2022 units (as the budget service's
    /// events would leave it; the event tests feed it through the broker instead).
    public async Task<InvestmentsService.InvestmentsServiceClient> SeededClientAsync(string tenant, string user = "test.user")
    {
        await using var db = Db(tenant);
        var version = 1;
        foreach (var (code, name, level, parent) in Seed2022.Units)
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = code, Name = name, Level = level, ParentCode = parent, Version = version });
        await db.SaveChangesAsync();
        return Client(tenant, user);
    }

    public InvestmentsService.InvestmentsServiceClient AnonymousClient() => new(_channel!);

    /// The service's database seen as one tenant, for checking what was (not) written.
    public InvestmentsDb Db(string tenant) => new(
        new DbContextOptionsBuilder<InvestmentsDb>().UseNpgsql(_database.ConnectionString).Options,
        new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing.
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return $"plans={await db.Plans.CountAsync()}, objects={await db.Objects.CountAsync()}, changes={await db.Changes.CountAsync()}";
    }

    private sealed class TemporaryQueues : IConfigureReceiveEndpoint
    {
        public void Configure(string name, IReceiveEndpointConfigurator configurator)
        {
            if (configurator is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.AutoDelete = true;
        }
    }
}
