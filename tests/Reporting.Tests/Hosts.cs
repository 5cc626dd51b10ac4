extern alias budget;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Region.Budget.V1;
using Region.Identity.Accounts;
using Region.Reporting.Data;
using Region.Reporting.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using BudgetProgram = budget::Program;

namespace Region.Reporting.Tests;

/// The budget service on a real loopback port (Kestrel), so the reporting service can call its
/// AnnounceSnapshot the way it does in production, and publishing to the shared broker.
public sealed class BudgetOnKestrel() : ServiceHost<BudgetProgram>("budget")
{
    protected override bool OnKestrel => true;

    public BudgetService.BudgetServiceClient Client(string tenant) => new(Invoker(tenant));
}

/// The reporting service in-process on its own database, consuming from the shared broker with
/// durable queues of its own (a unique prefix), deleted with their error queues when the host stops.
public class ReportingHost() : ServiceHost<Program>("reporting")
{
    /// Where the budget service answers AnnounceSnapshot; none by default.
    protected virtual string? BudgetAddress => null;

    /// How long a rebuild waits for the snapshots (Reporting:Rebuild:Timeout): short, so a test
    /// sees a rebuild fail; long enough for the tests' snapshots on a busy machine.
    public static readonly TimeSpan RebuildTimeout = TimeSpan.FromSeconds(20);

    /// The poison-message test looks into the _error queue, so the queues stay until DisposeAsync.
    protected override bool TemporaryQueues => false;

    /// Reporting's own client (Auth:Client:*) for the rebuild's calls, unique to this host.
    public string RebuildClientId { get; } = "reporting-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _rebuildSecret = Guid.NewGuid().ToString("N");

    /// Registers (or replaces) reporting's client at the identity provider with these tenants and
    /// roles, as a region's seed file would (the demo gives it the role snapshot).
    public Task AllowRebuildAsync(string[] tenants, string[] roles) => Identity.RegisterClientAsync(new ClientDefinition
    {
        ClientId = RebuildClientId, DisplayName = "Rapporttjänsten (test)", Secret = _rebuildSecret,
        Grants = [ClientGrant.ClientCredentials], Tenants = tenants, Roles = roles,
    });

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Auth:Client:Id", RebuildClientId);
        web.UseSetting("Auth:Client:Secret", _rebuildSecret);
        // Only the sources a test starts: never a running demo service.
        web.UseSetting("Reporting:Rebuild:Timeout", RebuildTimeout.ToString());
        web.UseSetting("Sources:budget:Address", BudgetAddress ?? "");
        foreach (var source in new[] { "goals", "investments", "meetings" }) web.UseSetting($"Sources:{source}:Address", "");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WaitForBusAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestInfra.DeleteEndpointsAsync(TestInfra.RabbitMqUri, QueueNames());
    }

    /// The durable queues this host declared (and their exchanges): one per consumer, with its _error and _skipped queues.
    public IEnumerable<string> QueueNames()
    {
        var formatter = new KebabCaseEndpointNameFormatter(QueuePrefix, false);
        var consumer = typeof(KebabCaseEndpointNameFormatter).GetMethod(nameof(KebabCaseEndpointNameFormatter.Consumer), Type.EmptyTypes)!;
        var types = typeof(Region.Reporting.Events.FrameOpenedConsumer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IConsumer).IsAssignableFrom(t))
            .Append(typeof(Region.ServiceDefaults.OrgUnits.OrgUnitReplicaConsumer<ReportingDb>));
        foreach (var type in types)
        {
            var name = (string)consumer.MakeGenericMethod(type).Invoke(formatter, null)!;
            yield return name;
            yield return name + "_error";
            yield return name + "_skipped";
        }
    }

    public ReportingService.ReportingServiceClient Client(string tenant) => new(Invoker(tenant));

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    /// The read model seen as one tenant.
    public ReportingDb Db(string tenant) => new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = tenant });

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// Polls until the condition holds, or fails after the timeout.
    public static async Task<TimeSpan> Eventually(Func<Task<bool>> condition, string what, double seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }
}

/// Reporting next to a budget service it can ask for snapshots.
public sealed class ReportingWithBudget : ReportingHost
{
    public BudgetOnKestrel Budget { get; } = new();

    protected override string? BudgetAddress => Budget.Address;

    /// Holds budget's new events (a snapshot among them) in its outbox, as a source cut off from the
    /// broker would: a trigger makes every new outbox row due far in the future.
    public Task HoldBudgetEventsAsync() => BudgetSqlAsync("""
        CREATE OR REPLACE FUNCTION hold_outbox() RETURNS trigger AS $$
        BEGIN NEW.next_attempt_at := timestamptz '2999-01-01'; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER hold_outbox BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION hold_outbox();
        """);

    /// Lets the held events go: the dispatcher's next poll publishes them in order.
    public Task ReleaseBudgetEventsAsync() => BudgetSqlAsync("""
        DROP TRIGGER IF EXISTS hold_outbox ON outbox_messages;
        UPDATE outbox_messages SET next_attempt_at = NULL WHERE next_attempt_at >= timestamptz '2999-01-01';
        """);

    async Task BudgetSqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Budget.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task InitializeAsync()
    {
        await Budget.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Budget.DisposeAsync();
    }
}

/// Reporting whose one source, goals, is configured at an address nothing answers on.
public sealed class ReportingWithUnreachableGoals : ReportingHost
{
    protected override void Configure(IWebHostBuilder web)
    {
        base.Configure(web);
        web.UseSetting("Sources:goals:Address", "http://127.0.0.1:9");
    }
}
