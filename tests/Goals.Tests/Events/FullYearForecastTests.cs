using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Events;

/// A full-year forecast per goal (helårsprognos; seed 003 line 435 asks for one beside the time series
/// and trend), recorded with a tertial's outcome: kept in its history, announced live and in a snapshot.
public sealed class FullYearForecastTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task A_forecast_recorded_with_an_outcome_is_kept_and_announced_live_and_in_a_snapshot()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        await client.ImportPlanAsync(Request());

        var first = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.1" }, FullYearForecast = "5,0", Etag = "0" });
        var second = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.2" }, Etag = first.OutcomeEtag });
        await client.AnnounceSnapshotAsync(new());

        Assert.Equal("5.0", first.Outcome.FullYearForecast);
        // Recorded again without one: the outcome in force has none, the history keeps the first.
        Assert.Equal(["", "5.0"], second.OutcomeHistory.Select(o => o.FullYearForecast));
        await events.WaitUntil(e => e.Of<GoalOutcomeRecorded>(tenant).Count == 3, TimeSpan.FromSeconds(30), "two outcomes live and one in the snapshot");
        var announced = events.Of<GoalOutcomeRecorded>(tenant).Select(e => (e.Version, e.FullYearForecast)).OrderBy(x => x.Version).ToList();
        Assert.Equal([(1, (decimal?)5.0m), (2, null), (2, null)], announced);
    }

    [Fact]
    public async Task A_forecast_that_is_no_value_or_goes_with_a_whole_year_is_rejected_and_writes_nothing()
    {
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        await client.ImportPlanAsync(Request());
        var before = await host.RowCountsAsync(tenant);
        var year = new Region.Common.V1.Period { Year = 2022, Kind = Region.Common.V1.PeriodKind.Year };

        await InvalidArgument(() => client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.1" }, FullYearForecast = "lite lägre", Etag = "0" }).ResponseAsync,
            "full_year_forecast");
        var both = await InvalidArgument(() => client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "", Period = year, Outcome = new() { Total = "5.1" }, FullYearForecast = "5", Etag = "0" }).ResponseAsync,
            "goal_code", "full_year_forecast");
        Assert.Contains(both, v => v.Description.Contains("not of the whole year", StringComparison.Ordinal));
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }
}
