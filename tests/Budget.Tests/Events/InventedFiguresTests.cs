using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Events;

/// Issue 22: outcomes and forecasts recorded as invented (regionctl import of a *.invented.yaml)
/// are announced as invented, live and in a snapshot, so the report can say so; real ones are not.
public sealed class InventedFiguresTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Outcomes_and_forecasts_recorded_as_invented_are_announced_as_invented_live_and_in_a_snapshot()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        OutcomeLine Line(int month) => new() { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -23_000_000 };

        await client.RecordOutcomesAsync(new() { RequestId = "jan", Lines = { Line(1) }, Invented = true });
        await client.RecordOutcomesAsync(new() { RequestId = "feb", Lines = { Line(2) } });
        var forecast = await client.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = Seed2022.Sek(-230m), Invented = true });
        await client.AnnounceSnapshotAsync(new());

        Assert.True(forecast.Invented);
        await events.WaitUntil(e => e.Of<BudgetOutcomeRecorded>(tenant).Count == 4 && e.Of<BudgetForecastRecorded>(tenant).Count == 2,
            TimeSpan.FromSeconds(30), "the outcomes and forecast, live and in the snapshot");
        var byBatch = events.Of<BudgetOutcomeRecorded>(tenant).GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.Select(e => e.Invented).ToList());
        Assert.Equal([true, true], byBatch["jan"]);
        Assert.Equal([false, false], byBatch["feb"]);
        Assert.All(events.Of<BudgetForecastRecorded>(tenant), f => Assert.True(f.Invented));
    }
}
