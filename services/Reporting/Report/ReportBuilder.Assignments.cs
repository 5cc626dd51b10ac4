using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Assignments above goals (seed 000: the measurable goals "under uppdragen"): each assignment of the
/// report with its own status and the counts of the goals under it, so its status and counts follow.
public sealed partial class ReportBuilder
{
    public const string Assignment = "Assignment";

    static void AddAssignments(Api.Report report, List<GoalInPeriod> goals)
    {
        var assignments = goals.Where(g => g.Goal.Kind == Assignment).ToList();
        var ids = assignments.Select(a => a.Goal.GoalId).ToHashSet();
        // A goal under an assignment the report does not have (removed, or of another plan) counts under none.
        var under = goals.Where(g => g.Goal.Kind != Assignment && g.Goal.AssignmentId is { } a && ids.Contains(a)).ToLookup(g => g.Goal.AssignmentId!.Value);
        report.GoalsUnderAssignments = under.Sum(g => g.Count());
        report.AssignmentLines.AddRange(assignments.Select(a => new Api.AssignmentLine
        {
            GoalId = a.Goal.GoalId.ToString(), Name = a.Goal.Name, Status = a.Status, Analysis = a.Period?.Analysis ?? "", Goals = Count(under[a.Goal.GoalId]),
        }));
    }
}
