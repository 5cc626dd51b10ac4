namespace Region.Goals.Domain;

/// The status rule of a plan: "intervall där 90-99 procent är gult". At or beyond the target is green,
/// from YellowFromPercent of the target up to it is yellow, below that red; for at-most targets the
/// ratio is inverted (target / outcome). Without an outcome, or without a typed target, not measurable.
public sealed record GoalStatusRule(decimal YellowFromPercent = GoalStatusRule.DefaultYellowFromPercent)
{
    public const decimal DefaultYellowFromPercent = 90m;

    public static bool IsValidYellowFrom(decimal percent) => percent is > 0m and < 100m;

    /// The computed status. baselineOutcome is the outcome of the year a BetterThanYear target names
    /// (or the baseline value of a change target when the target does not carry it).
    public GoalStatus Evaluate(Target target, decimal? outcome, decimal? baselineOutcome = null)
    {
        if (outcome is not { } value || !target.IsMeasurable) return GoalStatus.NotMeasurable;
        return target switch
        {
            ThresholdTarget t => Level(t.Bound, t.Value, value),
            PerScopeTarget t => Level(t.Bound, t.Primary.Value, value),
            BetterThanYearTarget t => baselineOutcome is { } b ? Level(t.Bound, b, value, strictlyBetter: true) : GoalStatus.NotMeasurable,
            ChangeVsBaselineTarget t => (t.Baseline.Value ?? baselineOutcome) is { } b and not 0m
                ? Change(t.ChangePercent, (value - b) / b * 100m)
                : GoalStatus.NotMeasurable,
            _ => GoalStatus.NotMeasurable,
        };
    }

    private GoalStatus Level(Bound bound, decimal target, decimal outcome, bool strictlyBetter = false)
    {
        var met = bound == Bound.AtLeast
            ? strictlyBetter ? outcome > target : outcome >= target
            : strictlyBetter ? outcome < target : outcome <= target;
        if (met) return GoalStatus.Green;
        // The band is a share of the target; it has no meaning when the values are not both positive
        // (a cost growth of -1,1 % missed is simply missed).
        if (target <= 0m || outcome <= 0m) return GoalStatus.Red;
        var ratio = bound == Bound.AtLeast ? outcome / target : target / outcome;
        // "Higher than 2021" is not met by equalling 2021: at best yellow.
        var status = Band(ratio * 100m);
        return strictlyBetter && status == GoalStatus.Green ? GoalStatus.Yellow : status;
    }

    private GoalStatus Change(decimal targetPercent, decimal actualPercent)
    {
        // A reduction target (-20 %) is met by reducing at least that much; an increase target by increasing.
        var met = targetPercent < 0m ? actualPercent <= targetPercent : actualPercent >= targetPercent;
        if (met) return GoalStatus.Green;
        if (targetPercent == 0m) return GoalStatus.Red;
        return Band(actualPercent / targetPercent * 100m);
    }

    private GoalStatus Band(decimal percentOfTarget) =>
        percentOfTarget >= 100m ? GoalStatus.Green
        : percentOfTarget >= YellowFromPercent ? GoalStatus.Yellow
        : GoalStatus.Red;
}
