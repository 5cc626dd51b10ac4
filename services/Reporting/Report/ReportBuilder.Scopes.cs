using Region.Reporting.ReadModel;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Per-scope outcomes: a goal with a target per scope ("4,8 % (RJH) 4,8 % (RS)") whose outcome was
/// recorded per scope shows each scope's value against its own target with the status the goals
/// service's rule gave it. The goal itself is counted once, by its status (the worst scope's).
public sealed partial class ReportBuilder
{
    static void AddScopedGoals(Api.Report report, List<GoalInPeriod> goals) =>
        report.ScopedGoals.AddRange(goals.Where(g => g.Goal.Kind != Assignment && g.Period?.OutcomeScopes is { Count: > 0 }).Select(Line));

    static IEnumerable<Api.ScopeLine> ScopeLines(GoalPeriodRow? period) => (period?.OutcomeScopes ?? []).Select(s =>
    {
        var line = new Api.ScopeLine { Scope = s.Scope, Value = (double)s.Value, Status = s.Status, Bound = s.Bound ?? "", Unit = s.Unit ?? "" };
        if (s.TargetValue is { } target) (line.HasTarget, line.Target) = (true, (double)target);
        return line;
    });
}
