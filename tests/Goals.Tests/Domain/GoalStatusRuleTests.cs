using Region.Goals.Domain;

namespace Region.Goals.Tests.Domain;

public sealed class GoalStatusRuleTests
{
    private static readonly GoalStatusRule Rule = new();
    private static readonly ThresholdTarget AtLeast100 = new("Minst 100 st", Bound.AtLeast, 100m, "st");
    private static readonly ThresholdTarget AtMost100 = new("Högst 100 st", Bound.AtMost, 100m, "st");

    [Theory]
    [InlineData("89.9", GoalStatus.Red)]
    [InlineData("90", GoalStatus.Yellow)]
    [InlineData("99.9", GoalStatus.Yellow)]
    [InlineData("100", GoalStatus.Green)]
    [InlineData("130", GoalStatus.Green)]
    [InlineData("0", GoalStatus.Red)]
    public void At_least_targets_follow_the_band_edges(string outcome, GoalStatus expected) =>
        Assert.Equal(expected, Rule.Evaluate(AtLeast100, decimal.Parse(outcome, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    // target / outcome: 100/111.3 = 89.85 % red, 100/111.1 = 90.01 % yellow, 100/100.1 = 99.9 % yellow, 100 green.
    [InlineData("111.3", GoalStatus.Red)]
    [InlineData("111.1", GoalStatus.Yellow)]
    [InlineData("100.1", GoalStatus.Yellow)]
    [InlineData("100", GoalStatus.Green)]
    [InlineData("40", GoalStatus.Green)]
    public void At_most_targets_invert_the_ratio(string outcome, GoalStatus expected) =>
        Assert.Equal(expected, Rule.Evaluate(AtMost100, decimal.Parse(outcome, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_band_is_the_plans()
    {
        var strict = new GoalStatusRule(95m);
        Assert.Equal(GoalStatus.Red, strict.Evaluate(AtLeast100, 94m));
        Assert.Equal(GoalStatus.Yellow, strict.Evaluate(AtLeast100, 95m));
    }

    [Fact]
    public void Without_an_outcome_or_a_typed_target_a_goal_is_not_measurable()
    {
        Assert.Equal(GoalStatus.NotMeasurable, Rule.Evaluate(AtLeast100, null));
        Assert.Equal(GoalStatus.NotMeasurable, Rule.Evaluate(new NotSetTarget("Kompletteras senare"), 5m));
        Assert.Equal(GoalStatus.NotMeasurable, Rule.Evaluate(new UnclassifiedTarget("1 %", "no bound"), 5m));
        Assert.Equal(GoalStatus.NotMeasurable, Rule.Evaluate(new ActivityCompletedTarget("Genomförd aktivitet"), 1m));
    }

    [Fact]
    public void A_negative_ceiling_missed_is_red_met_is_green()
    {
        var gross = new ThresholdTarget("-1,1 %", Bound.AtMost, -1.1m, "%");
        Assert.Equal(GoalStatus.Green, Rule.Evaluate(gross, -1.5m));
        Assert.Equal(GoalStatus.Red, Rule.Evaluate(gross, -1.0m));
    }

    [Fact]
    public void Sick_leave_per_scope_is_measured_against_the_first_scope()
    {
        var sick = new PerScopeTarget("4,8 % (RJH) 4,8 % (RS)", Bound.AtMost, [new("RJH", 4.8m, "%"), new("RS", 4.8m, "%")]);
        Assert.Equal(GoalStatus.Green, Rule.Evaluate(sick, 4.8m));
        Assert.Equal(GoalStatus.Yellow, Rule.Evaluate(sick, 5.2m)); // 4.8 / 5.2 = 92 %
        Assert.Equal(GoalStatus.Red, Rule.Evaluate(sick, 5.5m));    // 87 %
    }

    [Fact]
    public void A_reduction_against_a_baseline_compares_the_achieved_change_with_the_target_change()
    {
        var co2 = new ChangeVsBaselineTarget("-20 %", -20m, new Baseline(2019, 1_454_445m, "kg CO2"));
        Assert.Equal(GoalStatus.Green, Rule.Evaluate(co2, 1_100_000m));   // -24.4 %
        Assert.Equal(GoalStatus.Yellow, Rule.Evaluate(co2, 1_180_000m));  // -18.9 % = 94 % of the target change
        Assert.Equal(GoalStatus.Red, Rule.Evaluate(co2, 1_500_000m));     // went up
    }

    [Fact]
    public void Better_than_a_year_needs_that_years_outcome_and_must_beat_it()
    {
        var fullTime = new BetterThanYearTarget("Högre än 2021", Bound.AtLeast, 2021);
        Assert.Equal(GoalStatus.NotMeasurable, Rule.Evaluate(fullTime, 60m));
        Assert.Equal(GoalStatus.Green, Rule.Evaluate(fullTime, 61m, baselineOutcome: 60m));
        Assert.Equal(GoalStatus.Yellow, Rule.Evaluate(fullTime, 60m, baselineOutcome: 60m));
        Assert.Equal(GoalStatus.Red, Rule.Evaluate(fullTime, 50m, baselineOutcome: 60m));
    }

    [Fact]
    public void A_baseline_of_0_makes_a_change_not_measurable_with_the_reason()
    {
        var fromZero = new ChangeVsBaselineTarget("-20 %", -20m, new Baseline(2019, 0m, "kg"));
        var status = Rule.Compute(fromZero, 100m);
        Assert.Equal(GoalStatus.NotMeasurable, status.Status);
        Assert.Contains("baseline is 0", status.Reason);
        Assert.Contains("No baseline value", Rule.Compute(new ChangeVsBaselineTarget("-20 %", -20m, new Baseline(2019, null, "kg")), 100m).Reason);
    }

    [Fact]
    public void Not_measurable_says_why()
    {
        Assert.Contains("No outcome", Rule.Compute(AtLeast100, null).Reason);
        Assert.Contains("set later", Rule.Compute(new NotSetTarget("Kompletteras senare"), 5m).Reason);
        Assert.Contains("no bound", Rule.Compute(new UnclassifiedTarget("1 %", "no bound"), 5m).Reason);
        Assert.Contains("No outcome for 2021", Rule.Compute(new BetterThanYearTarget("Högre än 2021", Bound.AtLeast, 2021), 5m).Reason);
        Assert.Null(Rule.Compute(AtLeast100, 100m).Reason);
    }

    public static readonly TheoryData<Target, decimal, decimal?> Extremes = new()
    {
        // Every value at the edge of the range, tiny and huge against each other, each bound.
        { new ThresholdTarget("x", Bound.AtLeast, 0.000001m, null), -PlanValue.Max, null },
        { new ThresholdTarget("x", Bound.AtMost, 0.000001m, null), PlanValue.Max, null },
        { new ThresholdTarget("x", Bound.AtLeast, PlanValue.Max, null), 0.000001m, null },
        { new ThresholdTarget("x", Bound.AtMost, PlanValue.Max, null), -PlanValue.Max, null },
        { new ChangeVsBaselineTarget("x", -0.000001m, new Baseline(2019, 0.000001m, null)), PlanValue.Max, null },
        { new ChangeVsBaselineTarget("x", PlanValue.Max, new Baseline(2019, -0.000001m, null)), -PlanValue.Max, null },
        { new ChangeVsBaselineTarget("x", -PlanValue.Max, new Baseline(2019, null, null)), PlanValue.Max, -0.000001m },
        { new BetterThanYearTarget("x", Bound.AtMost, 2021), 0.000001m, PlanValue.Max },
        { new PerScopeTarget("x", Bound.AtLeast, [new("RJH", 0.000001m, null)]), PlanValue.Max, null },
        // Older rows may hold what decimal holds, far beyond the range: not measurable, not an overflow.
        { new ThresholdTarget("x", Bound.AtLeast, decimal.MaxValue, null), decimal.MinValue, null },
        { new ChangeVsBaselineTarget("x", decimal.MinValue, new Baseline(2019, 0.0000000000000000000000000001m, null)), decimal.MaxValue, null },
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Extreme_values_give_a_status_never_an_overflow(Target target, decimal outcome, decimal? baseline)
    {
        foreach (var rule in new[] { Rule, new GoalStatusRule(0.000001m), new GoalStatusRule(99.999999m) })
        {
            var exception = Record.Exception(() => rule.Compute(target, outcome, baseline));
            Assert.True(exception is null, $"{target} at {outcome}: {exception}");
        }
    }

    [Fact]
    public void A_reduction_missed_by_far_against_a_tiny_target_is_red()
    {
        // (max - 0.000001) / 0.000001 = about 10^23 % up, against -0.000001 %: the share of the target (10^31 %) is beyond decimal.
        var tiny = new ChangeVsBaselineTarget("x", -0.000001m, new Baseline(2019, 0.000001m, null));
        Assert.Equal(GoalStatus.Red, Rule.Evaluate(tiny, PlanValue.Max));
        Assert.Equal(GoalStatus.Green, Rule.Evaluate(tiny, 0.0000009m));
    }
}
