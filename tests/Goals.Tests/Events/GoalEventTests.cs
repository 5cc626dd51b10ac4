using MassTransit;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Goals.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Events;

public sealed class GoalEventTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task Units_announced_by_the_budget_service_become_valid_responsible_units()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await InvalidArgument(() => client.ImportPlanAsync(Request()).ResponseAsync,
            "goals[0].responsible_unit_code", "goals[1].responsible_unit_code", "goals[2].responsible_unit_code");

        // Published on the real broker the way the budget service publishes them.
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(TestInfra.RabbitMqUri, h => { h.Username(TestInfra.RabbitMqUsername); h.Password(TestInfra.RabbitMqPassword); });
        });
        await bus.StartAsync();
        try
        {
            await bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new OrgUnitState("RS", "Regionstyrelsen", "Body", "RJH", null, 1)));
            await bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, new OrgUnitState("RST", "Regionstaben", "Area", "RS", null, 1)));
        }
        finally
        {
            await bus.StopAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.ImportPlanAsync(Request());
                break;
            }
            catch (global::Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        Assert.Equal(3, (await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2022 })).Strategies.Single().Areas.Single().Goals.Count);
    }

    [Fact]
    public async Task Committed_changes_are_announced_with_their_state_and_a_snapshot_repeats_them()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        await client.ImportPlanAsync(Request());
        await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.2", Women = "6.1", Men = "3.0" }, Source = "Heroma", Etag = "0" });
        await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Status = GoalStatus.Red, Analysis = "Hög korttidsfrånvaro under våren.", Etag = "0" });
        await client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Done, Etag = "0" });
        await client.RecordIndicatorOutcomeAsync(new() { BodyCode = "RS", Year = 2022, IndicatorCode = "IND-1", Period = T(2), Outcome = new() { Total = "5.2" } });

        await events.WaitUntil(e => e.Of<PlanAdopted>(tenant).Count == 1 && e.Of<GoalCreated>(tenant).Count == 3 && e.Of<ActivityCreated>(tenant).Count == 1
            && e.Of<GoalOutcomeRecorded>(tenant).Count == 1 && e.Of<GoalStatusAssessed>(tenant).Count == 2
            && e.Of<ActivityStatusChanged>(tenant).Count == 1 && e.Of<IndicatorOutcomeRecorded>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the goals events");

        var sick = events.Of<GoalCreated>(tenant).Single(e => e.Goal.Name.StartsWith("Sjukfrånvaron")).Goal;
        Assert.Equal(("PerScope", "AtMost", "4,8 % (RJH) 4,8 % (RS)", "RS", "Goal"), (sick.Target.Kind, sick.Target.Bound, sick.Target.Text, sick.ResponsibleUnitCode, sick.Kind));
        var outcome = Assert.Single(events.Of<GoalOutcomeRecorded>(tenant));
        Assert.Equal((5.2m, 6.1m, 3.0m, PeriodKind.Tertial, 2), (outcome.Outcome.Total!.Value, outcome.Outcome.Women!.Value, outcome.Outcome.Men!.Value, outcome.Period.Kind, outcome.Period.Number));
        var statuses = events.Of<GoalStatusAssessed>(tenant).OrderBy(s => s.Version).ToList();
        Assert.Equal(("Yellow", "Computed", 1), (statuses[0].Status, statuses[0].Basis, statuses[0].Version));
        Assert.Equal(("Red", "Manual", "Yellow", 2), (statuses[1].Status, statuses[1].Basis, statuses[1].ComputedStatus, statuses[1].Version));
        Assert.Equal("Done", Assert.Single(events.Of<ActivityStatusChanged>(tenant)).Activity.Status);
        Assert.All(events.Received.Where(x => x.Event.Tenant == tenant), x => Assert.Equal(x.Event.EventId, x.MessageId));

        // A snapshot re-announces the same states with the same versions.
        var announced = await client.AnnounceSnapshotAsync(new());
        Assert.Equal(1 + 3 + 1 + 2 + 1, announced.Events); // plan, goals, activity, outcome + status, indicator outcome
        await events.WaitUntil(e => e.Of<PlanAdopted>(tenant).Count == 2 && e.Of<GoalCreated>(tenant).Count == 6 && e.Of<GoalStatusAssessed>(tenant).Count == 3,
            TimeSpan.FromSeconds(30), "the snapshot");
        var again = events.Of<GoalStatusAssessed>(tenant).OrderBy(s => s.OccurredAt).Last();
        Assert.Equal((statuses[1].Status, statuses[1].Version, statuses[1].Analysis), (again.Status, again.Version, again.Analysis));
        var activityAgain = events.Of<ActivityCreated>(tenant).OrderBy(s => s.OccurredAt).Last().Activity;
        Assert.Equal(Assert.Single(events.Of<ActivityStatusChanged>(tenant)).Activity, activityAgain);
        Assert.Equal(events.Of<GoalCreated>(tenant).Take(3).Select(g => (g.Goal.GoalId, g.Goal.Version)).Order(),
            events.Of<GoalCreated>(tenant).Skip(3).Select(g => (g.Goal.GoalId, g.Goal.Version)).Order());
    }
}
