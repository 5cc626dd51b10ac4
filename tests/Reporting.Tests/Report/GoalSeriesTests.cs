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

    static GoalPeriodRow Outcome(Guid goalId, Period period, decimal value)
    {
        var row = GoalPeriodRow.For(goalId, period);
        (row.OutcomeTotal, row.OutcomeVersion) = (value, 1);
        return row;
    }
}
