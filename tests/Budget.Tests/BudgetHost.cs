using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Budget.Data;
using Region.Budget.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Budget.Tests;

/// The budget service in-process on its own real PostgreSQL database and a real RabbitMQ node.
public class BudgetHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    /// The broker the service publishes to; a test may point it at a private node.
    protected virtual Uri RabbitMqUri => TestInfra.RabbitMqUri;

    public string ConnectionString => _database.ConnectionString;
    public WebApplicationFactory<Program> Factory => _factory!;

    public virtual async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // Not Development: no default tenant, so a call without x-tenant is refused.
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", RabbitMqUri.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        // Start the host (migrations run at start-up) before the first test call.
        _ = _factory.Services;
    }

    public virtual async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// A client calling as this tenant (and user).
    public BudgetService.BudgetServiceClient Client(string tenant, string user = "test.user") =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add(CallerContext.TenantHeader, tenant);
            metadata.Add(CallerContext.UserHeader, user);
            return metadata;
        }));

    /// A client for a tenant that already has the RS 2022 units and frame table.
    public async Task<BudgetService.BudgetServiceClient> SeededClientAsync(string tenant)
    {
        var client = Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());
        return client;
    }

    /// A client that names no tenant.
    public BudgetService.BudgetServiceClient AnonymousClient() => new(_channel!);

    public HttpClient HttpClient() => _factory!.CreateClient();

    /// The service's database seen as one tenant, for checking what was (not) written.
    public BudgetDb Db(string tenant) => new(
        new DbContextOptionsBuilder<BudgetDb>().UseNpgsql(_database.ConnectionString).Options,
        new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing. (The outbox is
    /// left out: the dispatcher empties it as it publishes; the event tests cover what gets announced.)
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"units={await db.Units.CountAsync()}",
            $"frames={await db.Frames.CountAsync()}",
            $"ledger={await db.Ledger.CountAsync()}",
            $"financing={await db.Financing.CountAsync()}",
            $"outcomes={await db.Outcomes.CountAsync()}",
            $"batches={await db.OutcomeBatches.CountAsync()}",
            $"forecasts={await db.Forecasts.CountAsync()}",
            $"imports={await db.FrameTableImports.CountAsync()}",
            $"years={await db.Years.CountAsync()}");
    }
}
