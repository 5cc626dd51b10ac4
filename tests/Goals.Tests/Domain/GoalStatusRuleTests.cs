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
}
