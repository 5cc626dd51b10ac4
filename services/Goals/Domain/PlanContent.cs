using Region.ServiceDefaults.Errors;

namespace Region.Goals.Domain;

/// Mål (a goal of the board) or uppdrag (an assignment from the council, assessed by a person).
public enum GoalKind
{
    Goal = 1,
    Assignment = 2,
}

public enum TargetKind
{
    ActivityCompleted = 1,
    Threshold = 2,
    ChangeVsBaseline = 3,
    BetterThanYear = 4,
    PerScope = 5,
    NotSet = 6,
    Unclassified = 7,
}

/// A target as stored (and sent): flat, so it serialises; <see cref="ToTarget"/> gives the typed model.
public sealed record TargetSpec(
    TargetKind Kind, string Text, Bound? Bound = null, decimal? Value = null, string? Unit = null,
    int? BaselineYear = null, decimal? BaselineValue = null, IReadOnlyList<ScopedValue>? Scopes = null, string? Problem = null)
{
    public Target ToTarget() => Kind switch
    {
        TargetKind.ActivityCompleted => new ActivityCompletedTarget(Text),
        TargetKind.Threshold => new ThresholdTarget(Text, Bound!.Value, Value!.Value, Unit),
        TargetKind.ChangeVsBaseline => new ChangeVsBaselineTarget(Text, Value!.Value, new Baseline(BaselineYear!.Value, BaselineValue, Unit)),
        TargetKind.BetterThanYear => new BetterThanYearTarget(Text, Bound!.Value, BaselineYear!.Value),
        TargetKind.PerScope => new PerScopeTarget(Text, Bound!.Value, Scopes!),
        TargetKind.NotSet => new NotSetTarget(Text),
        _ => new UnclassifiedTarget(Text, Problem ?? "Not typed."),
    };

    public static TargetSpec From(Target t) => t switch
    {
        ActivityCompletedTarget => new(TargetKind.ActivityCompleted, t.Text),
        ThresholdTarget x => new(TargetKind.Threshold, t.Text, x.Bound, x.Value, x.Unit),
        ChangeVsBaselineTarget x => new(TargetKind.ChangeVsBaseline, t.Text, null, x.ChangePercent, x.Baseline.Unit, x.Baseline.Year, x.Baseline.Value),
        BetterThanYearTarget x => new(TargetKind.BetterThanYear, t.Text, x.Bound, BaselineYear: x.Year),
        PerScopeTarget x => new(TargetKind.PerScope, t.Text, x.Bound, Scopes: x.Scopes),
        NotSetTarget => new(TargetKind.NotSet, t.Text),
        UnclassifiedTarget x => new(TargetKind.Unclassified, t.Text, Problem: x.Problem),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// Whether the fields the kind needs are there.
    public void Validate(string field, Violations v)
    {
        v.Check(!string.IsNullOrWhiteSpace(Text), $"{field}.text", "The original target text (målvärde) is required.");
        switch (Kind)
        {
            case TargetKind.Threshold:
                v.Check(Bound is not null, $"{field}.bound", "A threshold needs a bound (at least / at most).");
                v.Check(Value is not null, $"{field}.value", "A threshold needs a value.");
                break;
            case TargetKind.ChangeVsBaseline:
                v.Check(Value is not null, $"{field}.value", "A change needs its percentage.");
                v.Check(BaselineYear is not null && Period.IsValidYear(BaselineYear.Value), $"{field}.baseline_year", "A change needs its baseline year.");
                break;
            case TargetKind.BetterThanYear:
                v.Check(Bound is not null, $"{field}.bound", "Say whether higher or lower is better.");
                v.Check(BaselineYear is not null && Period.IsValidYear(BaselineYear.Value), $"{field}.baseline_year", "The year to beat is required.");
                break;
            case TargetKind.PerScope:
                v.Check(Bound is not null, $"{field}.bound", "A target per scope needs a bound.");
                v.Check(Scopes is { Count: > 0 } && Scopes.All(s => !string.IsNullOrWhiteSpace(s.Scope)), $"{field}.scopes", "At least one scope with a name.");
                break;
        }
    }
}

/// Strategi: one of the council's strategies in the regional plan.
public sealed record Strategy(string Code, string Name);

/// Målområde: a goal area of a board's plan, under a strategy.
public sealed record GoalArea(string Code, string Name, string? StrategyCode);

/// Aktivitet: what is done towards a goal. Its status lives outside the plan (it is follow-up, not plan).
public sealed record Activity(Guid Id, string Code, string Name, string? Description, DateOnly? StartDate, DateOnly? EndDate, int Version = 1);

/// A goal or assignment with its target. Id stays the same across revisions; Version grows with every change.
public sealed record Goal(
    Guid Id, string Code, string AreaCode, GoalKind Kind, string Name, string? Description, string? ResponsibleUnitCode,
    bool IsFinancialGoal, TargetSpec Target, IReadOnlyList<Activity> Activities, int Version = 1);

/// Indikator: followed as a time series, no target (e.g. share of pupils with good self-rated health).
public sealed record Indicator(Guid Id, string Code, string Name, string? AreaCode, string? Unit, string? Description);

/// What a plan revision says: strategies → goal areas → goals (with targets and activities), and indicators.
public sealed record PlanContent(
    IReadOnlyList<Strategy> Strategies, IReadOnlyList<GoalArea> GoalAreas, IReadOnlyList<Goal> Goals, IReadOnlyList<Indicator> Indicators)
{
    public static readonly PlanContent Empty = new([], [], [], []);

    public Goal? FindGoal(string code) => Goals.FirstOrDefault(g => string.Equals(g.Code, code, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<(Goal Goal, Activity Activity)> Activities => Goals.SelectMany(g => g.Activities.Select(a => (g, a)));

    /// Every violation of the whole content at once; field paths are those of the import request.
    /// A responsible unit must be one of knownUnits (the org-unit replica).
    public IReadOnlyList<FieldViolation> Validate(Func<string, bool> unitExists)
    {
        var v = new Violations();
        Unique(Strategies.Select(s => s.Code), "strategies", "code", v);
        for (var i = 0; i < Strategies.Count; i++)
            v.Check(!string.IsNullOrWhiteSpace(Strategies[i].Name), $"strategies[{i}].name", "A name is required.");

        var strategies = Strategies.Select(s => s.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Unique(GoalAreas.Select(a => a.Code), "goal_areas", "code", v);
        for (var i = 0; i < GoalAreas.Count; i++)
        {
            var a = GoalAreas[i];
            v.Check(!string.IsNullOrWhiteSpace(a.Name), $"goal_areas[{i}].name", "A name is required.");
            if (a.StrategyCode is { } s) v.Check(strategies.Contains(s), $"goal_areas[{i}].strategy_code", $"No strategy '{s}' in the plan.");
        }

        var areas = GoalAreas.Select(a => a.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
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
        for (var i = 0; i < Indicators.Count; i++)
        {
            v.Check(!string.IsNullOrWhiteSpace(Indicators[i].Name), $"indicators[{i}].name", "A name is required.");
            if (Indicators[i].AreaCode is { } a) v.Check(areas.Contains(a), $"indicators[{i}].goal_area_code", $"No goal area '{a}' in the plan.");
        }
        return v.Items;
    }

    public static void ValidateGoal(Goal g, string field, IReadOnlySet<string> areas, Func<string, bool> unitExists, Violations v)
    {
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

    private static void Unique(IEnumerable<string> codes, string list, string field, Violations v)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var code in codes)
        {
            if (string.IsNullOrWhiteSpace(code)) v.Add($"{list}[{i}].{field}", "A code is required.");
            else if (!seen.Add(code)) v.Add($"{list}[{i}].{field}", $"The code '{code}' is used twice.");
            i++;
        }
    }
}
