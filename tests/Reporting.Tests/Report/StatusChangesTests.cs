using Region.Contracts.Periods;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Report;

/// Issue 21: the report names the goals whose status changed since the previous period, not only
/// how the counts moved.
public sealed class StatusChangesTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task Goals_whose_status_changed_since_the_previous_period_are_named_with_both_statuses()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            // The seeded goal is red in tertial 2; it was green in tertial 1.
            var april = Period.Tertial(2022, 1);
            db.GoalPeriods.Add(Status(rows.Goal.GoalId, april, "Green"));
            // Yellow in both tertials: no change to name.
            var steady = new GoalRow { GoalId = Guid.NewGuid(), PlanId = rows.Plan.PlanId, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Heltid", Version = 1 };
            db.Goals.Add(steady);
            db.GoalPeriods.AddRange(Status(steady.GoalId, april, "Yellow"), Status(steady.GoalId, ReadModelSeed.August, "Yellow"));
            // An assignment measured first in tertial 2: not measurable → green.
            var assignment = new GoalRow { GoalId = Guid.NewGuid(), PlanId = rows.Plan.PlanId, BodyCode = "RS", Year = 2022, Kind = "Assignment", Name = "Uppdrag A", Version = 1 };
            db.Goals.Add(assignment);
            db.GoalPeriods.Add(Status(assignment.GoalId, ReadModelSeed.August, "Green"));
        });

        var client = host.Client(tenant);
        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;

        Assert.Equal([("Sjukfrånvaro", "Green", "Red"), ("Uppdrag A", "NotMeasurable", "Green")],
            report.StatusChanges.Select(c => (c.Name, c.PreviousStatus, c.Status)));
        Assert.Contains("### Ändrad status sedan april", markdown);
        Assert.Contains("| Sjukfrånvaro | Mål | Grön | Röd |", markdown);
        Assert.Contains("| Uppdrag A | Uppdrag | Ej mätbar | Grön |", markdown);
        Assert.DoesNotContain("| Heltid |", markdown);
    }

    static GoalPeriodRow Status(Guid goalId, Period period, string status)
    {
        var row = GoalPeriodRow.For(goalId, period);
        (row.Status, row.Basis, row.StatusVersion) = (status, "Computed", 1);
        return row;
    }
}
