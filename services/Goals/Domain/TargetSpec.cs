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
                v.Check(BaselineYear is not null && Input.IsValidYear(BaselineYear.Value), $"{field}.baseline_year", "A change needs its baseline year.");
                break;
            case TargetKind.BetterThanYear:
                v.Check(Bound is not null, $"{field}.bound", "Say whether higher or lower is better.");
                v.Check(BaselineYear is not null && Input.IsValidYear(BaselineYear.Value), $"{field}.baseline_year", "The year to beat is required.");
                break;
            case TargetKind.PerScope:
                v.Check(Bound is not null, $"{field}.bound", "A target per scope needs a bound.");
                v.Check(Scopes is { Count: > 0 } && Scopes.All(s => !string.IsNullOrWhiteSpace(s.Scope)), $"{field}.scopes", "At least one scope with a name.");
                break;
        }
    }
}
