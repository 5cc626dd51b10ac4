using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Goals.Data;
using Region.Goals.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Goals.Tests;

/// The goals service in-process on its own real PostgreSQL database and a real RabbitMQ node.
public class GoalsHost : IAsyncLifetime
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
            web.UseSetting("Bus:QueuePrefix", $"goals-test-{Guid.NewGuid():N}");
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
    public GoalsService.GoalsServiceClient Client(string tenant, string user = "test.user") =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add(CallerContext.TenantHeader, tenant);
            metadata.Add(CallerContext.UserHeader, user);
            return metadata;
        }));

    /// Puts org units into the service's replica, as the budget service's events would.
    public async Task AddUnitsAsync(string tenant, params string[] codes)
    {
        await using var db = Db(tenant);
        foreach (var code in codes)
            db.OrgUnits.Add(new Region.ServiceDefaults.OrgUnits.OrgUnitReplica { Code = code, Name = code, Level = code == "RS" ? "Body" : "Area", ParentCode = code == "RS" ? null : "RS", Version = 1 });
        await db.SaveChangesAsync();
    }

    /// A client that names no tenant.
    public GoalsService.GoalsServiceClient AnonymousClient() => new(_channel!);

    public HttpClient HttpClient() => _factory!.CreateClient();

    /// The service's database seen as one tenant, for checking what was (not) written.
    public GoalsDb Db(string tenant) => new(
        new DbContextOptionsBuilder<GoalsDb>().UseNpgsql(_database.ConnectionString).Options,
        new CallerContext { Tenant = tenant });

    /// Rows per table for a tenant, so a test can assert a rejected call wrote nothing. (The outbox is
    /// left out: the dispatcher empties it as it publishes; the event tests cover what gets announced.)
    public async Task<string> RowCountsAsync(string tenant)
    {
        await using var db = Db(tenant);
        return string.Join(", ",
            $"plans={await db.Plans.CountAsync()}",
            $"revisions={await db.Revisions.CountAsync()}",
            $"outcomes={await db.Outcomes.CountAsync()}",
            $"assessments={await db.Assessments.CountAsync()}",
            $"activity_statuses={await db.ActivityStatuses.CountAsync()}",
            $"indicator_outcomes={await db.IndicatorOutcomes.CountAsync()}",
            $"draft_edits={string.Join("/", await db.Revisions.Select(r => r.Version).ToListAsync())}");
    }
}
