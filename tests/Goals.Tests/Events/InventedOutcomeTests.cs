using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Events;

/// Issue 22: an outcome recorded as invented (regionctl import of a *.invented.yaml) keeps that
/// mark in the follow-up, its event and a snapshot's, so the report can say so; a real one has none.
public sealed class InventedOutcomeTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task An_outcome_recorded_as_invented_is_announced_as_invented_live_and_in_a_snapshot()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        await client.ImportPlanAsync(Request());

        var invented = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.2" }, Etag = "0", Invented = true });
        var real = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(1), Outcome = new() { Total = "5.4" }, Etag = "0" });
        await client.AnnounceSnapshotAsync(new());

        Assert.True(invented.Outcome.Invented);
        Assert.False(real.Outcome.Invented);
        await events.WaitUntil(e => e.Of<GoalOutcomeRecorded>(tenant).Count == 4, TimeSpan.FromSeconds(30), "two outcomes, live and in the snapshot");
        var byPeriod = events.Of<GoalOutcomeRecorded>(tenant).GroupBy(e => e.Period.Number).ToDictionary(g => g.Key, g => g.Select(e => e.Invented).ToList());
        Assert.Equal([true, true], byPeriod[2]);
        Assert.Equal([false, false], byPeriod[1]);
    }
}
