using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// What a plan revision says: strategies → goal areas → goals (with targets and activities), and indicators.
public sealed record PlanContent(
    IReadOnlyList<Strategy> Strategies, IReadOnlyList<GoalArea> GoalAreas, IReadOnlyList<Goal> Goals, IReadOnlyList<Indicator> Indicators)
{
    public static readonly PlanContent Empty = new([], [], [], []);

    public Goal? FindGoal(string code) => Goals.FirstOrDefault(g => Same(g.Code, code));
    public Strategy? FindStrategy(string code) => Strategies.FirstOrDefault(s => Same(s.Code, code));
    public GoalArea? FindGoalArea(string code) => GoalAreas.FirstOrDefault(a => Same(a.Code, code));
    public Indicator? FindIndicator(string code) => Indicators.FirstOrDefault(i => Same(i.Code, code));

    public IReadOnlySet<string> StrategyCodes => Strategies.Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
    public IReadOnlySet<string> GoalAreaCodes => GoalAreas.Select(a => a.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<(Goal Goal, Activity Activity)> Activities => Goals.SelectMany(g => g.Activities.Select(a => (g, a)));

    /// Every violation of the whole content at once; field paths are those of the import request.
    /// A responsible unit must be one of knownUnits (the org-unit replica).
    public IReadOnlyList<FieldViolation> Validate(Func<string, bool> unitExists)
    {
        var v = new Violations();
        Unique(Strategies.Select(s => s.Code), "strategies", "code", v);
        for (var i = 0; i < Strategies.Count; i++) ValidateStrategy(Strategies[i], $"strategies[{i}]", v);

        var strategies = StrategyCodes;
        Unique(GoalAreas.Select(a => a.Code), "goal_areas", "code", v);
        for (var i = 0; i < GoalAreas.Count; i++) ValidateGoalArea(GoalAreas[i], $"goal_areas[{i}]", strategies, v);

        var areas = GoalAreaCodes;
        Unique(Goals.Select(g => g.Code), "goals", "code", v);
        var activityCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Goals.Count; i++)
        {
            var g = Goals[i];
            ValidateGoal(g, $"goals[{i}]", areas, unitExists, v);
            for (var j = 0; j < g.Activities.Count; j++)
            {
                var a = g.Activities[j];
                var field = $"goals[{i}].activities[{j}]";
                ValidateActivity(a, field, v);
                if (!string.IsNullOrWhiteSpace(a.Code))
                    v.Check(activityCodes.Add(a.Code), $"{field}.code", $"The code '{a.Code}' is used twice.");
            }
        }

        Unique(Indicators.Select(x => x.Code), "indicators", "code", v);
        for (var i = 0; i < Indicators.Count; i++) ValidateIndicator(Indicators[i], $"indicators[{i}]", areas, v);
        return v.Items;
    }

    public static void ValidateStrategy(Strategy s, string field, Violations v)
    {
        RequireCode(s.Code, field, v);
        v.Check(!string.IsNullOrWhiteSpace(s.Name), $"{field}.name", "A name is required.");
    }

    /// strategies: the codes of the plan's strategies, one of which the area may name.
    public static void ValidateGoalArea(GoalArea a, string field, IReadOnlySet<string> strategies, Violations v)
    {
        RequireCode(a.Code, field, v);
        v.Check(!string.IsNullOrWhiteSpace(a.Name), $"{field}.name", "A name is required.");
        if (a.StrategyCode is { } s) v.Check(strategies.Contains(s), $"{field}.strategy_code", $"No strategy '{s}' in the plan.");
    }

    /// areas: the codes of the plan's goal areas, one of which the indicator may name.
    public static void ValidateIndicator(Indicator i, string field, IReadOnlySet<string> areas, Violations v)
    {
        RequireCode(i.Code, field, v);
        v.Check(!string.IsNullOrWhiteSpace(i.Name), $"{field}.name", "A name is required.");
        if (i.AreaCode is { } a) v.Check(areas.Contains(a), $"{field}.goal_area_code", $"No goal area '{a}' in the plan.");
    }

    public static void ValidateGoal(Goal g, string field, IReadOnlySet<string> areas, Func<string, bool> unitExists, Violations v)
    {
        RequireCode(g.Code, field, v);
        v.Check(!string.IsNullOrWhiteSpace(g.Name), $"{field}.name", "A name is required.");
        v.Check(areas.Contains(g.AreaCode ?? ""), $"{field}.goal_area_code", $"No goal area '{g.AreaCode}' in the plan.");
        v.Check(Enum.IsDefined(g.Kind), $"{field}.kind", "Say whether this is a goal or an assignment.");
        if (g.ResponsibleUnitCode is { } unit)
            v.Check(unitExists(unit), $"{field}.responsible_unit_code", $"No org unit '{unit}' is known (units come from the budget service).");
        g.Target.Validate($"{field}.target", v);
    }

    public static void ValidateActivity(Activity a, string field, Violations v)
    {
        v.Check(!string.IsNullOrWhiteSpace(a.Code), $"{field}.code", "A code is required.");
        v.Check(!string.IsNullOrWhiteSpace(a.Name), $"{field}.name", "A name is required.");
        if (a is { StartDate: { } s, EndDate: { } e }) v.Check(e >= s, $"{field}.end_date", "The end date is before the start date.");
    }

    // ---------- Draft edits (the caller checks that the revision is a draft and validates the item) ----------

    // A replaced item keeps its code as first spelled, since other items refer to it by that code.

    /// Adds the goal, or replaces the one with its id as its next version (a goal read with a code the
    /// draft has carries that goal's id).
    public PlanContent Put(Goal goal) => this with
    {
        Goals = Goals.Any(g => g.Id == goal.Id)
            ? Goals.Select(g => g.Id == goal.Id ? goal with { Version = g.Version + 1 } : g).ToList()
            : [.. Goals, goal],
    };

    /// Adds the strategy or replaces the one with its code.
    public PlanContent Put(Strategy s) =>
        this with { Strategies = Put(Strategies, FindStrategy(s.Code) is { } was ? s with { Code = was.Code } : s, x => x.Code) };

    public PlanContent Put(GoalArea a) =>
        this with { GoalAreas = Put(GoalAreas, FindGoalArea(a.Code) is { } was ? a with { Code = was.Code } : a, x => x.Code) };

    /// A replaced indicator also keeps its id, since its outcomes refer to it.
    public PlanContent Put(Indicator i) =>
        this with { Indicators = Put(Indicators, FindIndicator(i.Code) is { } was ? i with { Id = was.Id, Code = was.Code } : i, x => x.Code) };

    public PlanContent RemoveGoal(string code)
    {
        var goal = FindGoal(code) ?? throw new NotFoundException($"The revision has no goal '{code}'.");
        return this with { Goals = Goals.Where(g => g.Id != goal.Id).ToList() };
    }

    /// Refused while a goal area points at the strategy.
    public PlanContent RemoveStrategy(string code)
    {
        var strategy = FindStrategy(code) ?? throw new NotFoundException($"The revision has no strategy '{code}'.");
        RefuseWhileUsed($"strategy {strategy.Code}", GoalAreas.Where(a => Same(a.StrategyCode, strategy.Code)).Select(a => $"goal area {a.Code}"));
        return this with { Strategies = Strategies.Where(s => s != strategy).ToList() };
    }

    /// Refused while a goal or an indicator is in the area.
    public PlanContent RemoveGoalArea(string code)
    {
        var area = FindGoalArea(code) ?? throw new NotFoundException($"The revision has no goal area '{code}'.");
        RefuseWhileUsed($"goal area {area.Code}",
            Goals.Where(g => Same(g.AreaCode, area.Code)).Select(g => $"goal {g.Code}")
                .Concat(Indicators.Where(i => Same(i.AreaCode, area.Code)).Select(i => $"indicator {i.Code}")));
        return this with { GoalAreas = GoalAreas.Where(a => a != area).ToList() };
    }

    public PlanContent RemoveIndicator(string code)
    {
        var indicator = FindIndicator(code) ?? throw new NotFoundException($"The revision has no indicator '{code}'.");
        return this with { Indicators = Indicators.Where(i => i.Id != indicator.Id).ToList() };
    }

    private static void RefuseWhileUsed(string what, IEnumerable<string> users)
    {
        var list = users.ToList();
        if (list.Count > 0)
            throw new FailedPreconditionException($"The {what} is still used by {string.Join(", ", list)}; move or remove those first.");
    }

    /// Replaces the item with the same code in place, or appends it.
    private static List<T> Put<T>(IReadOnlyList<T> items, T item, Func<T, string> code)
    {
        var list = items.ToList();
        var at = list.FindIndex(x => Same(code(x), code(item)));
        if (at < 0) list.Add(item);
        else list[at] = item;
        return list;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void RequireCode(string code, string field, Violations v) =>
        v.Check(!string.IsNullOrWhiteSpace(code), $"{field}.code", "A code is required.");

    /// Duplicates only; a missing code is the item's own violation.
    private static void Unique(IEnumerable<string> codes, string list, string field, Violations v)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var code in codes)
        {
            if (!string.IsNullOrWhiteSpace(code) && !seen.Add(code)) v.Add($"{list}[{i}].{field}", $"The code '{code}' is used twice.");
            i++;
        }
    }
}
