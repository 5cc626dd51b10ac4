using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Contracts.Events;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.OrgUnits;

/// A service's database holding nothing but the org-unit replica.
public sealed class ReplicaDb(DbContextOptions<ReplicaDb> options) : ServiceDbContext(options), IOrgUnitReplicaDb
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOrgUnitReplica();
        base.OnModelCreating(modelBuilder);
    }
}

/// Issue 15: the budget service once stored codes in any case, so replicas may hold "Qx" and "qX";
/// the replica must keep loading and converge on the canonical code as events arrive.
public sealed class OrgUnitReplicaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static OrgUnitReplica Unit(string code, string? parent = null, int version = 1) =>
        new() { Code = code, Name = code, Level = "Area", ParentCode = parent, Version = version };

    public async Task InitializeAsync()
    {
        await using var db = Open("setup");
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// The replica consumer on MassTransit's in-memory test harness, writing to the test's database.
    private ServiceProvider HarnessProvider() => new ServiceCollection()
        .AddLogging()
        .AddScoped<CallerContext>()
        .AddServedDbContext<ReplicaDb>((_, o) => o.UseNpgsql(database.ConnectionString))
        .AddMassTransitTestHarness(x => x.AddConsumer<OrgUnitReplicaConsumer<ReplicaDb>>())
        .BuildServiceProvider(true);

    private ReplicaDb Open(string tenant) =>
        new ReplicaDb(new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(database.ConnectionString).Options).Serving(new CallerContext { Tenant = tenant });

    [Fact]
    public void A_tree_with_codes_differing_only_in_case_loads_and_keeps_the_canonical_one()
    {
        var rs = Unit("RS");
        var legacy = Unit("Qx", "rs", version: 3);
        var canonical = Unit("QX", "RS", version: 1);
        var child = Unit("UNDER", "qx");

        var tree = new OrgUnitReplicaTree([legacy, child, canonical, rs]);

        Assert.Equal(["Qx"], tree.Duplicates);
        Assert.Same(canonical, tree.Find("qx"));
        Assert.Equal(["RS", "QX", "UNDER"], tree.Subtree("rs").Select(u => u.Code));
        Assert.Equal(["UNDER", "QX", "RS"], tree.SelfAndAncestors("under").Select(u => u.Code));
    }

    [Fact]
    public void A_subtree_whose_parent_codes_loop_ends()
    {
        var tree = new OrgUnitReplicaTree([Unit("A", "b"), Unit("B", "A")]);
        Assert.Equal(["A", "B"], tree.Subtree("A").Select(u => u.Code));
    }

    [Fact]
    public async Task Events_bring_legacy_rows_to_the_canonical_code_and_remove_duplicates()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await using (var db = Open(tenant))
        {
            db.OrgUnits.AddRange(Unit("Rs"), Unit("Qx", "rs", version: 2), Unit("qX", "Rs", version: 1), Unit("Ab", "Rs", version: 5));
            await db.SaveChangesAsync();
        }

        await using var provider = HarnessProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var consumer = harness.GetConsumerHarness<OrgUnitReplicaConsumer<ReplicaDb>>();

        static OrgUnitState State(string code, string? parent, int version, string name) => new(code, name, "Area", parent, null, version);
        await harness.Bus.Publish(new OrgUnitRenamed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, State("QX", "RS", 3, "Nytt namn")));
        // An event older than the row still tells its canonical code, and changes nothing else.
        await harness.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, State("AB", "RS", 1, "Gammalt")));
        await harness.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, State("rs", null, 1, "Rs")));
        Assert.True(await consumer.Consumed.Any<OrgUnitRenamed>());
        Assert.True(await consumer.Consumed.Any<OrgUnitCreated>(c => c.Context.Message.Unit.Code == "rs"));
        Assert.True(await consumer.Consumed.Any<OrgUnitCreated>(c => c.Context.Message.Unit.Code == "AB"));
        Assert.False(await harness.Published.Any<Fault>());
        await harness.Stop();

        await using var check = Open(tenant);
        var rows = await check.OrgUnits.OrderBy(u => u.Code).Select(u => new { u.Code, u.Name, u.ParentCode, u.Version }).ToListAsync();
        Assert.Equal(new[]
        {
            new { Code = "AB", Name = "Ab", ParentCode = (string?)"RS", Version = 5 },
            new { Code = "QX", Name = "Nytt namn", ParentCode = (string?)"RS", Version = 3 },
            new { Code = "RS", Name = "Rs", ParentCode = (string?)null, Version = 1 },
        }, rows);
        Assert.Empty((await OrgUnitReplicaTree.LoadAsync(check, default)).Duplicates);
    }

    [Fact]
    public async Task The_owner_travels_with_the_unit_and_an_older_state_does_not_take_it_back()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var provider = HarnessProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var consumer = harness.GetConsumerHarness<OrgUnitReplicaConsumer<ReplicaDb>>();
        var anna = new UnitOwnerData("Anna Exempelsson", "anna@example.se", "Bertil Demosson", "bertil@example.se");

        await harness.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new("HR", "HR", "Department", null, null, 1)));
        Assert.True(await consumer.Consumed.Any<OrgUnitCreated>(c => c.Context.Message.Tenant == tenant));
        await harness.Bus.Publish(new OrgUnitOwnerChanged(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new("HR", "HR", "Department", null, null, 3, anna)));
        Assert.True(await consumer.Consumed.Any<OrgUnitOwnerChanged>(c => c.Context.Message.Tenant == tenant));
        // A rename that committed before the owner was set arrives late: the owner stays.
        await harness.Bus.Publish(new OrgUnitRenamed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new("HR", "HR-avdelningen", "Department", null, null, 2)));
        Assert.True(await consumer.Consumed.Any<OrgUnitRenamed>(c => c.Context.Message.Tenant == tenant));
        Assert.False(await harness.Published.Any<Fault>());
        await harness.Stop();

        await using var check = Open(tenant);
        var hr = await check.OrgUnits.SingleAsync();
        Assert.Equal(("HR", 3, "Anna Exempelsson", "anna@example.se", "Bertil Demosson", "bertil@example.se"),
            (hr.Name, hr.Version, hr.OwnerName, hr.OwnerEmail, hr.DeputyName, hr.DeputyEmail));
    }

    [Fact]
    public async Task Many_events_of_one_new_unit_consumed_at_once_leave_one_row_at_the_newest_version_without_a_fault()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var provider = HarnessProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var consumer = harness.GetConsumerHarness<OrgUnitReplicaConsumer<ReplicaDb>>();

        // A backlog after a restart: every version of a unit the replica has never seen, all at once.
        await Task.WhenAll(Enumerable.Range(1, 24).Select(v => harness.Bus.Publish(
            new OrgUnitRenamed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new("NY", $"Namn {v}", "Unit", "RS", null, v)))));
        for (var until = DateTime.UtcNow.AddSeconds(30); consumer.Consumed.Select<OrgUnitRenamed>(c => c.Context.Message.Tenant == tenant).Count() < 24; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < until, "the 24 events were not all consumed");
        Assert.False(await harness.Published.Any<Fault>(), string.Join("\n", harness.Published.Select<Fault>().SelectMany(f => ((Fault)f.MessageObject).Exceptions).Select(e => e.ExceptionType + ": " + e.Message)));
        await harness.Stop();

        await using var check = Open(tenant);
        var unit = await check.OrgUnits.SingleAsync();
        Assert.Equal(("NY", "Namn 24", "RS", 24), (unit.Code, unit.Name, unit.ParentCode, unit.Version));
    }
}
