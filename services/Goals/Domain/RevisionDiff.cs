using System.Globalization;

namespace Region.Goals.Domain;

public enum ChangeKind
{
    Added = 1,
    Removed = 2,
    Changed = 3,
}

/// One field that differs between two revisions.
public sealed record FieldChange(string Field, string? Before, string? After);

/// One goal, activity, goal area, strategy or indicator that was added, removed or changed.
/// Entity is Strategy, GoalArea, Goal, Activity or Indicator; targets are fields of their goal ("target.value").
public sealed record RevisionChange(string Entity, string Code, string Name, ChangeKind Kind, IReadOnlyList<FieldChange> Fields);

/// What changed between two revisions of a plan, field by field (the 2022 plan was revised in March 2022).
public static class RevisionDiff
{
    public static IReadOnlyList<RevisionChange> Between(PlanContent before, PlanContent after)
    {
        var changes = new List<RevisionChange>();
        Compare("Strategy", before.Strategies, after.Strategies, s => s.Code, s => s.Name, StrategyFields, changes);
        Compare("GoalArea", before.GoalAreas, after.GoalAreas, a => a.Code, a => a.Name, AreaFields, changes);
        // Goals and activities are matched by id (stable across revisions), so a renamed code is a change, not a new goal.
        Compare("Goal", before.Goals, after.Goals, g => g.Id.ToString(), g => g.Name, GoalFields, changes, g => g.Code);
        Compare("Activity", before.Activities.ToList(), after.Activities.ToList(), x => x.Activity.Id.ToString(), x => x.Activity.Name,
            ActivityFields, changes, x => x.Activity.Code);
        Compare("Indicator", before.Indicators, after.Indicators, i => i.Id.ToString(), i => i.Name, IndicatorFields, changes, i => i.Code);
        return changes;
    }

    private static void Compare<T>(string entity, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, Func<T, string> name,
        Func<T, IEnumerable<(string Field, string? Value)>> fields, List<RevisionChange> changes, Func<T, string>? code = null)
    {
        code ??= key;
        var old = before.ToDictionary(key);
        var now = after.ToDictionary(key);
        foreach (var item in after)
        {
            if (!old.TryGetValue(key(item), out var was))
            {
                changes.Add(new(entity, code(item), name(item), ChangeKind.Added, fields(item).Select(f => new FieldChange(f.Field, null, f.Value)).ToList()));
                continue;
            }
            var wasFields = fields(was).ToDictionary(f => f.Field, f => f.Value);
            var differences = fields(item).Where(f => wasFields[f.Field] != f.Value).Select(f => new FieldChange(f.Field, wasFields[f.Field], f.Value)).ToList();
            if (differences.Count > 0) changes.Add(new(entity, code(item), name(item), ChangeKind.Changed, differences));
        }
        foreach (var item in before.Where(b => !now.ContainsKey(key(b))))
            changes.Add(new(entity, code(item), name(item), ChangeKind.Removed, fields(item).Select(f => new FieldChange(f.Field, f.Value, null)).ToList()));
    }

    private static IEnumerable<(string, string?)> StrategyFields(Strategy s) => [("name", s.Name)];

    private static IEnumerable<(string, string?)> AreaFields(GoalArea a) => [("name", a.Name), ("strategy_code", a.StrategyCode)];

    private static IEnumerable<(string, string?)> GoalFields(Goal g) =>
    [
        ("code", g.Code), ("goal_area_code", g.AreaCode), ("kind", g.Kind.ToString()), ("name", g.Name), ("description", g.Description),
        ("responsible_unit_code", g.ResponsibleUnitCode), ("assignment_code", g.AssignmentCode), ("is_financial_goal", g.IsFinancialGoal ? "true" : "false"),
        ("target.text", g.Target.Text), ("target.kind", g.Target.Kind.ToString()), ("target.bound", g.Target.Bound?.ToString()),
        ("target.value", Text(g.Target.Value)), ("target.unit", g.Target.Unit), ("target.baseline_year", g.Target.BaselineYear?.ToString(CultureInfo.InvariantCulture)),
        ("target.baseline_value", Text(g.Target.BaselineValue)),
        ("target.scopes", g.Target.Scopes is { } s ? string.Join("; ", s.Select(x => $"{x.Scope}={Text(x.Value)}{x.Unit}")) : null),
    ];

    private static IEnumerable<(string, string?)> ActivityFields((Goal Goal, Activity Activity) x) =>
    [
        ("code", x.Activity.Code), ("goal_code", x.Goal.Code), ("name", x.Activity.Name), ("description", x.Activity.Description),
        ("start_date", x.Activity.StartDate?.ToString("yyyy-MM-dd")), ("end_date", x.Activity.EndDate?.ToString("yyyy-MM-dd")),
    ];

    private static IEnumerable<(string, string?)> IndicatorFields(Indicator i) =>
        [("code", i.Code), ("name", i.Name), ("goal_area_code", i.AreaCode), ("unit", i.Unit), ("description", i.Description)];

    private static string? Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);
}
