using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

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

    public const int MaxTextLength = 500;
    public const int MaxUnitLength = 40;
    public const int MaxScopes = 20;
    public const int MaxScopeLength = 40;
    public const int MaxProblemLength = 500;

    /// Whether the fields the kind needs are there, and every text and value within its bounds.
    public void Validate(string field, Violations v)
    {
        Input.CheckText(Text, $"{field}.text", MaxTextLength, v, required: true, multiLine: true);
        Input.CheckText(Unit, $"{field}.unit", MaxUnitLength, v);
        Input.CheckText(Problem, $"{field}.problem", MaxProblemLength, v);
        if (BaselineYear is { } year) Input.CheckYear(year, $"{field}.baseline_year", v);
        CheckValue(Value, $"{field}.value", v);
        CheckValue(BaselineValue, $"{field}.baseline_value", v);
        if (Scopes is { } scopes && v.Check(scopes.Count <= MaxScopes, $"{field}.scopes", $"At most {MaxScopes} scopes (got {scopes.Count})."))
            for (var i = 0; i < scopes.Count; i++)
            {
                Input.CheckText(scopes[i].Scope, $"{field}.scopes[{i}].scope", MaxScopeLength, v, required: true);
                Input.CheckText(scopes[i].Unit, $"{field}.scopes[{i}].unit", MaxUnitLength, v);
                CheckValue(scopes[i].Value, $"{field}.scopes[{i}].value", v);
            }
        switch (Kind)
        {
            case TargetKind.Threshold:
                v.Check(Bound is not null, $"{field}.bound", "A threshold needs a bound (at least / at most).");
                v.Check(Value is not null, $"{field}.value", "A threshold needs a value.");
                break;
            case TargetKind.ChangeVsBaseline:
                v.Check(Value is not null, $"{field}.value", "A change needs its percentage.");
                v.Check(BaselineYear is not null, $"{field}.baseline_year", "A change needs its baseline year.");
                break;
            case TargetKind.BetterThanYear:
                v.Check(Bound is not null, $"{field}.bound", "Say whether higher or lower is better.");
                v.Check(BaselineYear is not null, $"{field}.baseline_year", "The year to beat is required.");
                break;
            case TargetKind.PerScope:
                v.Check(Bound is not null, $"{field}.bound", "A target per scope needs a bound.");
                v.Check(Scopes is { Count: > 0 }, $"{field}.scopes", "At least one scope with a name.");
                break;
        }
    }

    private static void CheckValue(decimal? value, string field, Violations v)
    {
        if (value is { } d) v.Check(PlanValue.InRange(d), field, $"Must be {PlanValue.Range}.");
    }
}
