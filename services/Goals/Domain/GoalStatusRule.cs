namespace Region.Goals.Domain;

/// A status the rule computed; when it is not measurable, why (no outcome, no typed target, a baseline of 0...).
public sealed record ComputedStatus(GoalStatus Status, string? Reason = null)
{
    public static ComputedStatus NotMeasurable(string reason) => new(GoalStatus.NotMeasurable, reason);
}

/// The status rule of a plan: "intervall där 90-99 procent är gult". At or beyond the target is green,
/// from YellowFromPercent of the target up to it is yellow, below that red; for at-most targets the
/// ratio is inverted (target / outcome). Without an outcome, or without a typed target, not measurable.
/// It never throws: shares of the target are compared by multiplying, never by dividing by a value
/// that may be tiny, and a stored value beyond <see cref="PlanValue"/> (older data) is not measurable.
public sealed partial record GoalStatusRule(decimal YellowFromPercent = GoalStatusRule.DefaultYellowFromPercent)
{
    public const decimal DefaultYellowFromPercent = 90m;

    /// A change in percent of a baseline closer to 0 than this has no meaning (and no bound).
    private const decimal SmallestBaseline = 0.000001m;

    public static bool IsValidYellowFrom(decimal percent) => percent is > 0m and < 100m && PlanValue.InRange(percent);

    /// The computed status. baselineOutcome is the outcome of the year a BetterThanYear target names
    /// (or the baseline value of a change target when the target does not carry it).
    public GoalStatus Evaluate(Target target, decimal? outcome, decimal? baselineOutcome = null) => Compute(target, outcome, baselineOutcome).Status;

    public ComputedStatus Compute(Target target, decimal? outcome, decimal? baselineOutcome = null)
    {
        if (outcome is not { } value) return ComputedStatus.NotMeasurable("No outcome is recorded for the period.");
        if (!target.IsMeasurable) return ComputedStatus.NotMeasurable(target switch
        {
            ActivityCompletedTarget => "The target is an activity to complete; a person assesses it.",
            NotSetTarget => "The target value is set later.",
            UnclassifiedTarget u => $"The target text could not be typed: {u.Problem}",
            _ => "The target cannot be measured.",
        });
        if (!Within(value, baselineOutcome)) return ComputedStatus.NotMeasurable($"A value is beyond {PlanValue.Range}.");
        return target switch
        {
            ThresholdTarget t when Within(t.Value) => Level(t.Bound, t.Value, value),
            PerScopeTarget t when Within(t.Primary.Value) => Level(t.Bound, t.Primary.Value, value),
            BetterThanYearTarget t => baselineOutcome is { } b
                ? Level(t.Bound, b, value, strictlyBetter: true)
                : ComputedStatus.NotMeasurable($"No outcome for {t.Year} is recorded to compare with."),
            ChangeVsBaselineTarget t when Within(t.ChangePercent, t.Baseline.Value) => (t.Baseline.Value ?? baselineOutcome) switch
            {
                null => ComputedStatus.NotMeasurable($"No baseline value for {t.Baseline.Year} is known."),
                var b when Math.Abs(b.Value) < SmallestBaseline => ComputedStatus.NotMeasurable("The baseline is 0: a change in percent of it has no meaning."),
                var b => Change(t.ChangePercent, (value - b.Value) / b.Value * 100m),
            },
            _ => ComputedStatus.NotMeasurable($"A target value is beyond {PlanValue.Range}."),
        };
    }

    /// Magnitude only: older outcomes may carry more decimals than PlanValue allows now, which is harmless.
    private static bool Within(params decimal?[] values) => values.All(v => v is not { } d || Math.Abs(d) <= PlanValue.Max);

    private ComputedStatus Level(Bound bound, decimal target, decimal outcome, bool strictlyBetter = false)
    {
        var met = bound == Bound.AtLeast
            ? strictlyBetter ? outcome > target : outcome >= target
            : strictlyBetter ? outcome < target : outcome <= target;
        if (met) return new(GoalStatus.Green);
        // The band is a share of the target; it has no meaning when the values are not both positive
        // (a cost growth of -1,1 % missed is simply missed).
        if (target <= 0m || outcome <= 0m) return new(GoalStatus.Red);
        var status = bound == Bound.AtLeast ? Band(outcome, target) : Band(target, outcome);
        // "Higher than 2021" is not met by equalling 2021: at best yellow.
        return new(strictlyBetter && status == GoalStatus.Green ? GoalStatus.Yellow : status);
    }

    private ComputedStatus Change(decimal targetPercent, decimal actualPercent)
    {
        // A reduction target (-20 %) is met by reducing at least that much; an increase target by increasing.
        var met = targetPercent < 0m ? actualPercent <= targetPercent : actualPercent >= targetPercent;
        if (met) return new(GoalStatus.Green);
        if (targetPercent == 0m) return new(GoalStatus.Red);
        return new(Band(actualPercent, targetPercent));
    }

    /// The band of part / whole in percent of the target (whole ≠ 0), compared as part × 100 against
    /// percent × whole: with values within PlanValue neither product can leave decimal's range.
    private GoalStatus Band(decimal part, decimal whole)
    {
        bool Reaches(decimal percent) => whole > 0m ? part * 100m >= percent * whole : part * 100m <= percent * whole;
        return Reaches(100m) ? GoalStatus.Green : Reaches(YellowFromPercent) ? GoalStatus.Yellow : GoalStatus.Red;
    }
}
