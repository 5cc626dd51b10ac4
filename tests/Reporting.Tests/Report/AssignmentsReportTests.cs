using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Reporting.Tests.Report;

/// Goals under assignments (seed 000: "Av de 58 mätbara målen under uppdragen var 10 gröna, 28 gula,
/// 17 röda samt 3 som ej mätbara."): the report has a section per assignment with its status and the
/// counts of its goals, and the counts sentence says the goals sit under the assignments.
public sealed class AssignmentsReportTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly Period April = Period.Tertial(2023, 1);
    static readonly DateTimeOffset At = new(2023, 5, 2, 9, 0, 0, TimeSpan.Zero);

    static IEnumerable<string> Statuses(int green, int yellow, int red, int notMeasurable) =>
        Enumerable.Repeat("Green", green).Concat(Enumerable.Repeat("Yellow", yellow))
            .Concat(Enumerable.Repeat("Red", red)).Concat(Enumerable.Repeat("NotMeasurable", notMeasurable));

    /// Seed 000's April: 20 assignments (18 yellow, 2 red) and 58 goals (10, 28, 17, 3), dealt out
    /// over the assignments in turn; leaveOut goals sit under none.
    async Task<(string Tenant, List<Guid> Assignments)> SeedAsync(int leaveOut = 0)
    {
        var tenant = ReportingHost.NewTenant();
        await using var db = host.Db(tenant);
        db.OrgUnits.Add(new OrgUnitReplica { Tenant = tenant, Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
        var planId = Guid.NewGuid();
        db.Plans.Add(new PlanRow { PlanId = planId, BodyCode = "RS", Year = 2023, Name = "Regionstyrelsens verksamhetsplan 2023", Revision = 2, Version = 3 });
        var assignments = new List<Guid>();
        void Add(string kind, int i, string status, Guid? under)
        {
            var goalId = Guid.NewGuid();
            if (kind == "Assignment") assignments.Add(goalId);
            db.Goals.Add(new GoalRow { GoalId = goalId, PlanId = planId, BodyCode = "RS", Year = 2023, Kind = kind, Name = $"{kind} {i + 1:00}", AssignmentId = under, Version = 1 });
            var row = GoalPeriodRow.For(goalId, April);
            (row.Status, row.Basis, row.StatusVersion) = (status, "Computed", 1);
            db.GoalPeriods.Add(row);
        }
        var i = 0;
        foreach (var status in Statuses(0, 18, 2, 0)) Add("Assignment", i++, status, null);
        i = 0;
        foreach (var status in Statuses(10, 28, 17, 3))
        {
            Add("Goal", i, status, i < 58 - leaveOut ? assignments[i % assignments.Count] : null);
            i++;
        }
        await db.SaveChangesAsync();
        return (tenant, assignments);
    }

    [Fact]
    public async Task Goals_under_the_assignments_are_counted_per_assignment_and_said_to_be_under_them()
    {
        var (tenant, assignments) = await SeedAsync();
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2023-T1" });

        Assert.Contains("Av regionstyrelsens 20 uppdrag var 18 gula och 2 röda.", report.Summary);
        Assert.Contains("Av de 58 mätbara målen under uppdragen var 10 gröna, 28 gula, 17 röda samt 3 som ej mätbara.", report.Summary);
        Assert.Equal(58, report.GoalsUnderAssignments);
        Assert.Equal(20, report.AssignmentLines.Count);
        Assert.Equal(58, report.AssignmentLines.Sum(a => a.Goals.Total));
        // Goals 1, 21 and 41 sit under the first assignment: green, yellow and red.
        var first = report.AssignmentLines.Single(a => a.GoalId == assignments[0].ToString());
        Assert.Equal(("Assignment 01", "Yellow", 3, 1, 1, 1, 0), (first.Name, first.Status, first.Goals.Total, first.Goals.Green, first.Goals.Yellow, first.Goals.Red, first.Goals.NotMeasurable));

        var markdown = (await host.Client(tenant).RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T1", Format = ReportFormat.Markdown })).Content;
        Assert.Contains("## Uppdrag och målen under dem", markdown);
        Assert.Contains("| Assignment 01 | Gul | 3 | 1 | 1 | 1 | 0 |", markdown);
    }

    [Fact]
    public async Task Goals_outside_every_assignment_are_not_said_to_be_under_them()
    {
        var (tenant, _) = await SeedAsync(leaveOut: 8);
        var report = await host.Client(tenant).GetReportAsync(new GetReportRequest { BodyCode = "RS", Period = "2023-T1" });

        Assert.Contains("Av de 58 mätbara målen var 10 gröna, 28 gula, 17 röda samt 3 som ej mätbara.", report.Summary);
        Assert.Equal(50, report.GoalsUnderAssignments);
        var markdown = (await host.Client(tenant).RenderReportAsync(new RenderReportRequest { BodyCode = "RS", Period = "2023-T1", Format = ReportFormat.Markdown })).Content;
        Assert.Contains("8 av de 58 målen ligger inte under något uppdrag.", markdown);
    }

    [Fact]
    public async Task The_assignment_a_goal_sits_under_comes_from_its_event()
    {
        var tenant = ReportingHost.NewTenant();
        var (planId, assignmentId, goalId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var target = new TargetData("Threshold", "AtLeast", 70m, "%", null, null, [], "Minst 70 %");
        await host.Bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, At,
            new GoalState(assignmentId, planId, "RS", 2023, 1, "EKO", "Ekonomi", "Assignment", "Ekonomi i balans", null, null, false, target, false, 1)));
        await host.Bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, At,
            new GoalState(goalId, planId, "RS", 2023, 1, "EKO", "Ekonomi", "Goal", "Leverantörstrohet", null, null, false, target, false, 1, assignmentId)));

        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return db.Goals.Any(g => g.GoalId == goalId && g.AssignmentId == assignmentId) && db.Goals.Any(g => g.GoalId == assignmentId && g.AssignmentId == null);
        }, "the goal under its assignment in the read model");
    }
}
