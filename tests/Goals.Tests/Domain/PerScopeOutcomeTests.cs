using Region.Contracts.Periods;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Goals.Tests.Domain;

/// A target per scope ("5,0 % (RJH) 4,0 % (RS)") judged per scope: each scope against its own value with
/// the target's bound, the goal by its worst scope; an outcome with only a total as before.
public sealed class PerScopeOutcomeTests
{
    private static readonly DateTimeOffset At = new(2022, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Period T2 = Period.Tertial(2022, 2);

    // Different values per scope, so a scope judged against the first scope's value would show.
    private static readonly Goal Sick = new(Guid.NewGuid(), "HALSA-3", "HALSA", GoalKind.Goal, "Sjukfrånvaron ska vara lägre än utsatt målvärde",
        null, "RS", false, TargetSpec.From(TargetParser.Parse("Högst 5,0 % (RJH) 4,0 % (RS)")), []);

    private static readonly Goal FullTime = new(Guid.NewGuid(), "HALSA-4", "HALSA", GoalKind.Goal, "Andelen heltidsanställda ska öka",
        null, "RS", false, TargetSpec.From(TargetParser.Parse("Minst 70 %")), []);

    private static PlanProgress NewProgress() => PlanProgress.None(Plan.Create("RS", 2022, "Verksamhetsplan 2022", null, null, 90m,
        PlanContent.Empty with { GoalAreas = [new GoalArea("HALSA", "En hälsofrämjande arbetsmiljö", null)], Goals = [Sick, FullTime] }, "planner", At));

    private static readonly OutcomeFigures NoTotal = new(null, null, null);

    private static GoalPeriodStatus Record(PlanProgress progress, decimal rjh, decimal rs, OutcomeFigures? figures = null)
    {
        progress.RecordOutcome(Sick, T2, figures ?? NoTotal, null, null, "anna", At, scopes: [new("RJH", rjh), new("RS", rs)]);
        return progress.Status(Sick, T2);
    }

    private static (string, GoalStatus)[] Scopes(GoalPeriodStatus s) => s.ScopeStatuses.Select(x => (x.Scope, x.Status.Status)).ToArray();

    [Fact]
    public void Each_scope_is_judged_against_its_own_scope_target_and_the_goal_takes_the_worst()
    {
        // RS 4,2 against its own 4,0: 95 %, yellow (against RJH's 5,0 it would be green).
        var status = Record(NewProgress(), rjh: 4.9m, rs: 4.2m);

        Assert.Equal([("RJH", GoalStatus.Green), ("RS", GoalStatus.Yellow)], Scopes(status));
        Assert.Equal((GoalStatus.Yellow, GoalStatus.Yellow), (status.Status, status.Computed));
        Assert.Equal([4.0m, 5.0m], status.ScopeStatuses.Select(s => s.Target!.Value).OrderBy(v => v));
    }

    [Theory]
    [InlineData("4.9", "3.9", GoalStatus.Green)]   // both within their targets
    [InlineData("5.1", "3.9", GoalStatus.Yellow)]  // RJH 98 %
    [InlineData("5.1", "4.5", GoalStatus.Red)]     // RS 4,0 / 4,5 = 89 %: one red scope makes the goal red
    [InlineData("6.0", "3.0", GoalStatus.Red)]     // RJH 83 %, however well RS does
    public void The_goal_is_green_only_when_every_scope_is_and_red_when_any_scope_is(string rjh, string rs, GoalStatus expected)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Record(NewProgress(), D(rjh), D(rs)).Computed);
    }

    [Fact]
    public void Without_a_total_the_first_scope_s_value_is_the_total_and_a_sent_total_is_kept()
    {
        var progress = NewProgress();
        Assert.Equal(5.1m, Record(progress, 5.1m, 4.2m).Outcome!.Total);
        Assert.Equal(4.9m, Record(progress, 5.1m, 4.2m, new OutcomeFigures(4.9m, 5.6m, 3.8m)).Outcome!.Total);
        Assert.Equal([new ScopeOutcome("RJH", 5.1m), new ScopeOutcome("RS", 4.2m)], progress.Outcome(Sick.Id, T2)!.Scopes!);
    }

    [Fact]
    public void An_outcome_with_only_a_total_is_still_judged_against_the_first_scope()
    {
        var progress = NewProgress();
        progress.RecordOutcome(Sick, T2, new OutcomeFigures(4.2m, null, null), null, null, "anna", At);

        // 4,2 against RJH's 5,0 is green (against RS's 4,0 it would be yellow); no scope is judged.
        var status = progress.Status(Sick, T2);
        Assert.Equal(GoalStatus.Green, status.Computed);
        Assert.Empty(status.ScopeStatuses);
        Assert.Null(status.Outcome!.Scopes);
    }

    [Fact]
    public void A_red_scope_outweighs_one_the_rule_cannot_judge_which_otherwise_makes_the_goal_not_measurable()
    {
        var unjudged = new ScopeStatus("RS", 4m, Bound.AtMost, null, ComputedStatus.NotMeasurable("The target no longer has the scope RS."));
        ScopeStatus Judged(GoalStatus s) => new("RJH", 5m, Bound.AtMost, new ScopedValue("RJH", 5m, "%"), new ComputedStatus(s));

        Assert.Equal(GoalStatus.Red, GoalStatusRule.Worst([Judged(GoalStatus.Red), unjudged]).Status);
        var notMeasurable = GoalStatusRule.Worst([Judged(GoalStatus.Green), unjudged]);
        Assert.Equal((GoalStatus.NotMeasurable, "RS: The target no longer has the scope RS."), (notMeasurable.Status, notMeasurable.Reason));
    }

    [Fact]
    public void Scope_values_that_do_not_fit_the_target_are_each_reported()
    {
        var v = new Violations();
        var fitted = ScopeOutcomes.Check(Sick.Target.ToTarget(), [("RJH", 5.1m), ("Jämtland", 4m), ("rjh", 5.0m)], "scopes", v);

        Assert.Empty(fitted);
        Assert.Equal(["scopes[1].scope", "scopes[2].scope", "scopes"], v.Items.Select(i => i.Field));
        Assert.Contains("not a scope of the target", v.Items[0].Description);
        Assert.Contains("more than once", v.Items[1].Description);
        Assert.Contains("The value for RS is missing", v.Items[2].Description);
    }

    [Fact]
    public void A_scope_without_its_value_and_scopes_for_a_target_that_is_not_per_scope_are_refused()
    {
        var v = new Violations();
        ScopeOutcomes.Check(Sick.Target.ToTarget(), [("RJH", 5.1m), ("RS", null)], "scopes", v);
        ScopeOutcomes.Check(FullTime.Target.ToTarget(), [("RJH", 71m)], "other", v);

        Assert.Equal(["scopes[1].value", "other"], v.Items.Select(i => i.Field));
        Assert.Contains("not a target per scope", v.Items[1].Description);
    }

    [Fact]
    public void Fitting_scope_values_come_back_in_the_target_s_order_and_spelling()
    {
        var v = new Violations();
        var fitted = ScopeOutcomes.Check(Sick.Target.ToTarget(), [("rs", 4.2m), (" RJH ", 5.1m)], "scopes", v);

        Assert.False(v.Any);
        Assert.Equal([new ScopeOutcome("RJH", 5.1m), new ScopeOutcome("RS", 4.2m)], fitted);
    }
}
