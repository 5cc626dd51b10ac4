using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Report;

/// Issue 21: time series and trend per goal across the periods the read model has (seed 003 asks
/// the annual report for them), up to the report's period.
public sealed class GoalSeriesTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task A_goal_with_outcomes_in_several_periods_has_its_series_oldest_first_and_the_trend_of_the_last_two()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            // The seeded goal's tertial 2 outcome is 6,1; before it 5,0 for 2021 and 5,8 in April.
            db.GoalPeriods.AddRange(Outcome(rows.Goal.GoalId, Period.FullYear(2021), 5.0m), Outcome(rows.Goal.GoalId, Period.Tertial(2022, 1), 5.8m),
                // After the report's period: not part of it.
                Outcome(rows.Goal.GoalId, Period.Tertial(2022, 3), 4.0m));
            // One outcome is no series.
            var single = new GoalRow { GoalId = Guid.NewGuid(), PlanId = rows.Plan.PlanId, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Heltid", Version = 1 };
            db.Goals.Add(single);
            db.GoalPeriods.Add(Outcome(single.GoalId, ReadModelSeed.August, 61m));
        });

        var client = host.Client(tenant);
        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        var series = Assert.Single(report.GoalSeries);
        Assert.Equal("Sjukfrånvaro", series.Name);
        Assert.Equal([5.0, 5.8, 6.1], series.Points.Select(p => p.Outcome));
        Assert.Equal(["2021-Y", "2022-T1", "2022-T2"], series.Points.Select(p => p.Period));
        Assert.Equal("Rising", series.Trend);
        Assert.Contains("| Sjukfrånvaro | Högst 5,3 % | 2021: 5; april: 5,8; augusti: 6,1 | stigande |", markdown);
    }

    [Fact]
    public async Task The_full_year_forecast_recorded_with_the_periods_outcome_stands_beside_the_trend()
    {
        var tenant = ReportingHost.NewTenant();
        var at = new DateTimeOffset(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
        var (planId, goalId) = (Guid.NewGuid(), Guid.NewGuid());
        var target = new TargetData("Threshold", "AtMost", 4.8m, "%", null, null, [], "Högst 4,8 %");
        await host.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, at, new OrgUnitState("RS", "Regionstyrelsen", "Body", null, null, 1)));
        await host.Bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, at,
            new GoalState(goalId, planId, "RS", 2022, 1, "HALSA", "Hälsa", "Goal", "Sjukfrånvaro", null, null, false, target, false, 1)));
        await host.Bus.Publish(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, at, goalId, planId, Period.Tertial(2022, 1), new OutcomeValues(5.4m, null, null),
            null, null, "anna", at, 1, FullYearForecast: 5.3m));
        await host.Bus.Publish(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, at, goalId, planId, Period.Tertial(2022, 2), new OutcomeValues(5.1m, null, null),
            null, null, "anna", at, 1, FullYearForecast: 5.0m));

        var client = host.Client(tenant);
        Region.Reporting.V1.GoalSeries series = null!;
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            if (!db.OrgUnits.Any()) return false;
            var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            series = report.GoalSeries.SingleOrDefault()!;
            return series is { Points.Count: 2 };
        }, "the goal's series in the report");

        // The forecast of the report's period, not April's.
        Assert.Equal((true, 5.0, "Falling"), (series.HasFullYearForecast, series.FullYearForecast, series.Trend));
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;
        Assert.Contains("| Mål | Målvärde | Utfall över tid | Trend | Helårsprognos |", markdown);
        Assert.Contains("| Sjukfrånvaro | Högst 4,8 % | april: 5,4; augusti: 5,1 | sjunkande | 5 |", markdown);
    }

    static GoalPeriodRow Outcome(Guid goalId, Period period, decimal value)
    {
        var row = GoalPeriodRow.For(goalId, period);
        (row.OutcomeTotal, row.OutcomeVersion) = (value, 1);
        return row;
    }
}
