using Region.Reporting.Data;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Report;

/// Issue 22: the per-area table's goal counts roll up the way its deviation does, so the body's row
/// agrees with the summary's counts.
public sealed class AreaCountsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task The_body_row_counts_every_goal_below_it_as_the_summary_does()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            // Besides the area's red goal: a green one of the body itself, one without a responsible
            // unit (the body's) and an assignment (counted apart, as in the summary).
            db.Goals.Add(Goal(rows, "Ekonomi i balans", "RS", "Goal", "Green", db));
            db.Goals.Add(Goal(rows, "Tillgänglighet", null, "Goal", "Yellow", db));
            db.Goals.Add(Goal(rows, "Utred samverkan", "RST", "Assignment", "Red", db));
        });

        var report = await host.Client(tenant).GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });

        var body = Assert.Single(report.Areas, a => a.UnitCode == "RS");
        var area = Assert.Single(report.Areas, a => a.UnitCode == "RST");
        Assert.Equal(report.Goals, body.Goals);
        Assert.Equal((3, 1, 1, 1), (body.Goals.Total, body.Goals.Green, body.Goals.Yellow, body.Goals.Red));
        Assert.Equal((1, 1), (area.Goals.Total, area.Goals.Red));
        Assert.Equal("", body.Signal);
        Assert.StartsWith("RedWith", area.Signal);
    }

    static GoalRow Goal(SeededRows rows, string name, string? unit, string kind, string status, ReportingDb db)
    {
        var goal = new GoalRow { GoalId = Guid.NewGuid(), PlanId = rows.Plan.PlanId, BodyCode = "RS", Year = 2022, Kind = kind, Name = name, ResponsibleUnitCode = unit, Version = 1 };
        var period = GoalPeriodRow.For(goal.GoalId, ReadModelSeed.August);
        (period.Status, period.Basis, period.StatusVersion) = (status, "Manual", 1);
        db.GoalPeriods.Add(period);
        return goal;
    }
}
