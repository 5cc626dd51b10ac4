using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// What a plan's content may hold: how many items (a region-sized plan of 5 000 goals fits), codes
/// (Input.CheckCode; unique in their list, activity codes in the whole plan), texts within their bounds
/// and without control characters, and references to what the plan (or the org-unit replica) has.
/// Field paths are those of the import request.
public sealed partial record PlanContent
{
    public const int MaxStrategies = 100;
    public const int MaxGoalAreas = 1_000;
    public const int MaxGoals = 10_000;
    public const int MaxActivitiesPerGoal = 200;
    public const int MaxActivities = 50_000;
    public const int MaxIndicators = 2_000;
    /// The names of strategies, goal areas, goals, activities and indicators.
    public const int MaxNameLength = 500;
    public const int MaxDescriptionLength = 4_000;
    public const int MaxIndicatorUnitLength = 40;

    /// Every violation of the whole content at once. Past a list's maximum only the sizes are reported:
    /// they are what to fix first, and reading 20 000 items of a refused list is work for nothing.
    public IReadOnlyList<FieldViolation> Validate(Func<string, bool> unitExists)
    {
        var v = new Violations();
        var activities = Goals.Sum(g => g.Activities.Count);
        var sized = Size(Strategies.Count, MaxStrategies, "strategies", v) & Size(GoalAreas.Count, MaxGoalAreas, "goal_areas", v)
            & Size(Goals.Count, MaxGoals, "goals", v) & Size(Indicators.Count, MaxIndicators, "indicators", v)
            & v.Check(activities <= MaxActivities, "goals", $"At most {MaxActivities} activities in all (got {activities}).");
        if (!sized) return v.Items;

        Unique(Strategies.Select(s => s.Code), "strategies", v);
        for (var i = 0; i < Strategies.Count; i++) ValidateStrategy(Strategies[i], $"strategies[{i}]", v);

        var strategies = StrategyCodes;
        Unique(GoalAreas.Select(a => a.Code), "goal_areas", v);
        for (var i = 0; i < GoalAreas.Count; i++) ValidateGoalArea(GoalAreas[i], $"goal_areas[{i}]", strategies, v);

        var areas = GoalAreaCodes;
        Unique(Goals.Select(g => g.Code), "goals", v);
        var activityCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Goals.Count; i++) ValidateGoal(Goals[i], $"goals[{i}]", areas, unitExists, activityCodes, v);
        for (var i = 0; i < Goals.Count; i++) ValidatePlacement(Goals[i], $"goals[{i}]", v);

        Unique(Indicators.Select(x => x.Code), "indicators", v);
        for (var i = 0; i < Indicators.Count; i++) ValidateIndicator(Indicators[i], $"indicators[{i}]", areas, v);
        return v.Items;
    }

    public static void ValidateStrategy(Strategy s, string field, Violations v)
    {
        Input.CheckCode(s.Code, $"{field}.code", v);
        Input.CheckText(s.Name, $"{field}.name", MaxNameLength, v, required: true);
    }

    /// strategies: the codes of the plan's strategies, one of which the area may name.
    public static void ValidateGoalArea(GoalArea a, string field, IReadOnlySet<string> strategies, Violations v)
    {
        Input.CheckCode(a.Code, $"{field}.code", v);
        Input.CheckText(a.Name, $"{field}.name", MaxNameLength, v, required: true);
        if (a.StrategyCode is { } s && Input.CheckCode(s, $"{field}.strategy_code", v))
            v.Check(strategies.Contains(s), $"{field}.strategy_code", $"No strategy {Input.Quote(s)} in the plan.");
    }

    /// areas: the codes of the plan's goal areas, one of which the indicator may name.
    public static void ValidateIndicator(Indicator i, string field, IReadOnlySet<string> areas, Violations v)
    {
        Input.CheckCode(i.Code, $"{field}.code", v);
        Input.CheckText(i.Name, $"{field}.name", MaxNameLength, v, required: true);
        Input.CheckText(i.Unit, $"{field}.unit", MaxIndicatorUnitLength, v);
        Input.CheckText(i.Description, $"{field}.description", MaxDescriptionLength, v, multiLine: true);
        if (i.AreaCode is { } a && Input.CheckCode(a, $"{field}.goal_area_code", v))
            v.Check(areas.Contains(a), $"{field}.goal_area_code", $"No goal area {Input.Quote(a)} in the plan.");
    }

    /// activityCodes: the activity codes taken so far in the plan; the goal's own are added to it.
    public static void ValidateGoal(Goal g, string field, IReadOnlySet<string> areas, Func<string, bool> unitExists, ISet<string> activityCodes, Violations v)
    {
        Input.CheckCode(g.Code, $"{field}.code", v);
        Input.CheckText(g.Name, $"{field}.name", MaxNameLength, v, required: true);
        Input.CheckText(g.Description, $"{field}.description", MaxDescriptionLength, v, multiLine: true);
        if (Input.CheckCode(g.AreaCode, $"{field}.goal_area_code", v))
            v.Check(areas.Contains(g.AreaCode), $"{field}.goal_area_code", $"No goal area {Input.Quote(g.AreaCode)} in the plan.");
        v.Check(Enum.IsDefined(g.Kind), $"{field}.kind", "Say whether this is a goal or an assignment.");
        if (g.ResponsibleUnitCode is { } unit && Input.CheckCode(unit, $"{field}.responsible_unit_code", v))
            v.Check(unitExists(unit), $"{field}.responsible_unit_code", UnknownUnit.Message(unit));
        g.Target.Validate($"{field}.target", v);
        if (!Size(g.Activities.Count, MaxActivitiesPerGoal, $"{field}.activities", v)) return;
        for (var j = 0; j < g.Activities.Count; j++)
        {
            var a = g.Activities[j];
            var at = $"{field}.activities[{j}]";
            if (ValidateActivity(a, at, v))
                v.Check(activityCodes.Add(a.Code), $"{at}.code", $"The code {Input.Quote(a.Code)} is used twice (an activity's code is unique in the plan).");
        }
    }

    /// Where the goal sits, read against this content (which holds the goal): under an assignment of the
    /// plan or under none; an assignment sits under no other, and while goals sit under it it stays an
    /// assignment with its code. previous: the goal's version before an upsert, whose goals must keep their place.
    public void ValidatePlacement(Goal g, string field, Violations v, Goal? previous = null)
    {
        var at = $"{field}.assignment_code";
        if (g.AssignmentCode is { } code && Input.CheckCode(code, at, v))
        {
            if (g.Kind == GoalKind.Assignment) v.Add(at, "An assignment sits under no other assignment.");
            else v.Check(FindGoal(code) is { Kind: GoalKind.Assignment }, at, $"No assignment {Input.Quote(code)} in the plan.");
        }
        if (previous is not { Kind: GoalKind.Assignment } || (g.Kind == GoalKind.Assignment && Same(g.Code, previous.Code))) return;
        var under = GoalsUnder(previous).Select(x => x.Code).ToList();
        if (under.Count > 0)
            v.Add($"{field}.kind", $"Goals sit under the assignment {previous.Code} ({string.Join(", ", under.Take(10))}{(under.Count > 10 ? $" and {under.Count - 10} more" : "")}); move them first.");
    }

    /// Returns whether the activity's code is a valid one (so its uniqueness can be checked).
    public static bool ValidateActivity(Activity a, string field, Violations v)
    {
        var code = Input.CheckCode(a.Code, $"{field}.code", v);
        Input.CheckText(a.Name, $"{field}.name", MaxNameLength, v, required: true);
        Input.CheckText(a.Description, $"{field}.description", MaxDescriptionLength, v, multiLine: true);
        if (a is { StartDate: { } s, EndDate: { } e }) v.Check(e >= s, $"{field}.end_date", "The end date is before the start date.");
        return code;
    }

    /// The activity codes the goals other than this one use: an upserted goal's activities must not take them.
    public ISet<string> ActivityCodesBesides(Guid goalId) =>
        Goals.Where(g => g.Id != goalId).SelectMany(g => g.Activities).Select(a => a.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool Size(int count, int max, string field, Violations v) =>
        v.Check(count <= max, field, $"At most {max} items (got {count}).");

    /// Duplicates only; a missing code is the item's own violation.
    private static void Unique(IEnumerable<string> codes, string list, Violations v)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var code in codes)
        {
            if (!string.IsNullOrWhiteSpace(code) && !seen.Add(code)) v.Add($"{list}[{i}].code", $"The code {Input.Quote(code)} is used twice.");
            i++;
        }
    }
}
