using Region.Contracts.Events;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;

namespace Region.Investments.Tests.Events;

public sealed class InvestmentEventTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    [Fact]
    public async Task Units_announced_by_the_budget_service_reach_the_replica_and_make_objects_possible()
    {
        await using var probe = await BusProbe.StartAsync();
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await InvalidArgument(() => client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync, "body_code");

        var version = 1;
        foreach (var (code, name, level, parent) in Seed2022.Units)
            await probe.PublishAsync(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new OrgUnitState(code, name, level, parent, null, version)));
        await BusProbe.WaitUntil(async () => (await ReplicaCodes(tenant)).Count == Seed2022.Units.Length, TimeSpan.FromSeconds(30), "the replica");

        await client.CreatePlanAsync(new() { BodyCode = "RS", Year = 2022 });
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields
        {
            UnitCode = "IT", Name = "Infrastruktur för server, nät, datalagring", Kind = InvestmentKind.Reinvestment,
            Category = InvestmentCategory.It, Amount = 9_600_000, Financing = Financing.Self,
        } });
        Assert.Equal("IT", o.UnitCode);
    }

    [Fact]
    public async Task Every_change_is_announced_with_the_objects_whole_state()
    {
        await using var probe = await BusProbe.StartAsync();
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant, "ekonomi");
        var imported = await client.ImportPlanTableAsync(Seed2022.Table());
        var ambuss = (await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022, UnitCode = "REGIONSERVICE" })).Objects.Single(x => x.Name == "AMBUSS");
        var o = await client.AddObjectAsync(new() { BodyCode = "RS", Year = 2022, Object = new ObjectFields
        {
            UnitCode = "RST", Name = "Pott för akuta investeringar", Category = InvestmentCategory.OtherEquipment, Amount = 1_000_000, Financing = Financing.Self, UrgentPool = true,
        } });
        o = await client.ChangeStatusAsync(new() { Id = o.Id, Etag = o.Etag, Status = InvestmentStatus.Decided });
        ambuss = await client.ChangeStatusAsync(new() { Id = ambuss.Id, Etag = ambuss.Etag, Status = InvestmentStatus.Started });
        ambuss = await client.RecordSpendingAsync(new() { Id = ambuss.Id, Etag = ambuss.Etag, SpentToDate = 2_100_000, AsOf = "2022-08-31" });
        ambuss = await client.RecordForecastAsync(new() { Id = ambuss.Id, Etag = ambuss.Etag, Forecast = 5_700_000, AsOf = "2022-08-31" });
        await client.UpdateObjectAsync(new() { Id = o.Id, Etag = o.Etag, Object = new ObjectFields
        {
            UnitCode = "RST", Name = "Pott för akuta investeringar", Category = InvestmentCategory.OtherEquipment, Amount = 1_200_000, Financing = Financing.Self, UrgentPool = true,
        } });

        await probe.WaitUntil(p => p.Of<InvestmentPlanCreated>(tenant).Count == 1 && p.Of<InvestmentObjectAdded>(tenant).Count == 28
            && p.Of<InvestmentPlanTableImported>(tenant).Count == 1 && p.Of<InvestmentDecided>(tenant).Count == 1
            && p.Of<InvestmentStatusChanged>(tenant).Count == 1 && p.Of<InvestmentSpendingRecorded>(tenant).Count == 1
            && p.Of<InvestmentForecastRecorded>(tenant).Count == 1 && p.Of<InvestmentObjectChanged>(tenant).Count == 1, "the investment events");

        var plan = Assert.Single(probe.Of<InvestmentPlanCreated>(tenant)).Plan;
        Assert.Equal(("RS", 2022, Seed2022.Decision, 49_383_000L), (plan.BodyCode, plan.Year, plan.DecisionReference, plan.StatedTotal!.Value));
        var table = Assert.Single(probe.Of<InvestmentPlanTableImported>(tenant));
        Assert.Equal((27, 49_383_000L, 0), (table.Objects, table.Total, table.Findings.Count));
        Assert.Equal(49_383_000L, probe.Of<InvestmentObjectAdded>(tenant).Where(e => e.Object.PlanId == plan.PlanId && !e.Object.UrgentPool).Sum(e => e.Object.Amount));

        var decided = Assert.Single(probe.Of<InvestmentDecided>(tenant)).Object;
        Assert.Equal(("Decided", Seed2022.Decision, true, "ekonomi"), (decided.Status, decided.DecisionReference, decided.UrgentPool, decided.ChangedBy));
        var started = Assert.Single(probe.Of<InvestmentStatusChanged>(tenant));
        Assert.Equal(("Decided", "Started", "Vehicles", "REGIONSERVICE"), (started.FromStatus, started.Object.Status, started.Object.Category, started.Object.UnitCode));
        var spent = Assert.Single(probe.Of<InvestmentSpendingRecorded>(tenant)).Object;
        Assert.Equal((2_100_000L, new DateOnly(2022, 8, 31), 5_500_000L), (spent.SpentToDate, spent.SpentAsOf!.Value, spent.Amount));
        var forecast = Assert.Single(probe.Of<InvestmentForecastRecorded>(tenant)).Object;
        Assert.Equal((5_700_000L, 2_100_000L, spent.Version + 1), (forecast.Forecast!.Value, forecast.SpentToDate, forecast.Version));
        Assert.Equal(1_200_000L, Assert.Single(probe.Of<InvestmentObjectChanged>(tenant)).Object.Amount);
        // The message id is the event id, so consumers can deduplicate redeliveries.
        Assert.All(probe.Received.Where(x => x.Event.Tenant == tenant), x => Assert.Equal(x.Event.EventId, x.MessageId));
        _ = imported;
    }

    [Fact]
    public async Task A_snapshot_re_announces_every_plan_and_object_with_its_current_version()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.ImportPlanTableAsync(Seed2022.Table());
        var scanner = (await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022, UnitCode = "REGIONSERVICE" })).Objects.Single(x => x.Name == "Scanner");
        scanner = await client.ChangeStatusAsync(new() { Id = scanner.Id, Etag = scanner.Etag, Status = InvestmentStatus.Cancelled });
        var other = await host.SeededClientAsync(NewTenant());
        await other.CreatePlanAsync(new() { BodyCode = "RS", Year = 2023 });

        // Only listen once the live events have left the outbox (a probe's queue gets only what is
        // published after it exists): everything that arrives is then the snapshot.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await OutboxCountAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The live events are still in the outbox.");
            await Task.Delay(50);
        }
        await using var probe = await BusProbe.StartAsync();
        var response = await client.AnnounceSnapshotAsync(new());

        Assert.Equal(28, response.Events);
        await probe.WaitUntil(p => p.Of<InvestmentObjectAdded>(tenant).Count == 27 && p.Of<InvestmentPlanCreated>(tenant).Count == 1, "the snapshot");
        var announced = probe.Of<InvestmentObjectAdded>(tenant).Single(e => e.Object.ObjectId == Guid.Parse(scanner.Id)).Object;
        Assert.Equal(("Cancelled", scanner.Etag), (announced.Status, announced.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(49_383_000L, probe.Of<InvestmentObjectAdded>(tenant).Sum(e => e.Object.Amount));
        Assert.Equal(2022, Assert.Single(probe.Of<InvestmentPlanCreated>(tenant)).Plan.Year);
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = host.Db("any");
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.OutboxMessages);
    }

    private async Task<List<string>> ReplicaCodes(string tenant)
    {
        await using var db = host.Db(tenant);
        return db.OrgUnits.Select(u => u.Code).ToList();
    }
}
