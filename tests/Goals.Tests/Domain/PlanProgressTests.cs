using Region.Contracts.Periods;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Goals.Tests.Domain;

/// The recorded progress of a plan: versions, histories and statuses, as the recording calls use it.
public sealed class PlanProgressTests
{
    private static readonly DateTimeOffset At = new(2022, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Period T2 = Period.Tertial(2022, 2);

    private static readonly Goal Sick = new(Guid.NewGuid(), "HALSA-3", "HALSA", GoalKind.Goal, "Sjukfrånvaron ska vara lägre än utsatt målvärde",
        null, "RS", false, TargetSpec.From(TargetParser.Parse("Högst 4,8 %")),
        [new Activity(Guid.NewGuid(), "HALSA-3-A1", "Rehabiliteringsstöd", null, new DateOnly(2022, 1, 1), new DateOnly(2022, 6, 30))]);

    private static readonly Goal FullTime = new(Guid.NewGuid(), "HALSA-1", "HALSA", GoalKind.Goal, "Andelen heltidsanställda ska öka",
        null, "RST", false, TargetSpec.From(TargetParser.Parse("Högre än 2021")), []);

    private static Plan NewPlan() => Plan.Create("RS", 2022, "Verksamhetsplan 2022", null, null, 90m,
        PlanContent.Empty with { GoalAreas = [new GoalArea("HALSA", "En hälsofrämjande arbetsmiljö", null)], Goals = [Sick, FullTime] }, "planner", At);

    private static OutcomeFigures Total(decimal total) => new(total, null, null);

    [Fact]
    public void Recording_again_adds_the_next_version_in_front_of_the_history_and_the_status_follows_it()
    {
        var plan = NewPlan();
        var progress = PlanProgress.None(plan);
        Assert.Equal(0, progress.OutcomeVersion(Sick.Id, T2));

        var first = progress.RecordOutcome(Sick, T2, Total(5.2m), "Heroma", null, "anna", At);
        Assert.Equal(GoalStatus.Yellow, progress.Status(Sick, T2).Status); // 4.8 / 5.2 = 92 %
        var second = progress.RecordOutcome(Sick, T2, Total(4.6m), null, "Efter rättning", "anna", At.AddDays(1));

        Assert.Equal((1, 2, plan.Id, Sick.Id), (first.Version, second.Version, second.PlanId, second.GoalId));
        Assert.Equal(2, progress.OutcomeVersion(Sick.Id, T2));
        Assert.Equal([second, first], progress.OutcomeHistory(Sick.Id, T2));
        Assert.Equal((GoalStatus.Green, 2), (progress.Status(Sick, T2).Status, progress.Status(Sick, T2).Version));
        Assert.Empty(progress.OutcomeHistory(Sick.Id, Period.Tertial(2022, 1)));
    }

    [Fact]
    public void Loaded_rows_in_any_order_put_the_highest_version_in_force()
    {
        var plan = NewPlan();
        var recorded = PlanProgress.None(plan);
        var v1 = recorded.RecordOutcome(Sick, T2, Total(5.6m), null, null, "anna", At);
        var v2 = recorded.RecordOutcome(Sick, T2, Total(4.7m), null, null, "anna", At);

        var loaded = new PlanProgress(plan, [v2, v1], [], []);

        Assert.Same(v2, loaded.Outcome(Sick.Id, T2));
        Assert.Equal(GoalStatus.Green, loaded.Status(Sick, T2).Status);
        Assert.Equal(3, loaded.RecordOutcome(Sick, T2, Total(4.9m), null, null, "anna", At).Version);
    }

    [Fact]
    public void Without_a_total_the_total_is_women_plus_men_and_an_outcome_needs_a_value()
    {
        var outcome = PlanProgress.None(NewPlan()).RecordOutcome(Sick, T2, new OutcomeFigures(null, 3.1m, 1.5m), null, null, "anna", At);
        Assert.Equal((4.6m, 3.1m, 1.5m), (outcome.Total!.Value, outcome.Women!.Value, outcome.Men!.Value));
        Assert.Null(new OutcomeFigures(null, 3.1m, null).TotalOrSum);

        var v = new Violations();
        new OutcomeFigures(null, null, null).Validate("outcome", v);
        Assert.Equal("outcome.total", Assert.Single(v.Items).Field);
    }

    [Fact]
    public void An_assessment_overrides_the_rule_and_both_versions_make_the_status_version()
    {
        var progress = PlanProgress.None(NewPlan());
        progress.RecordOutcome(Sick, T2, Total(6.0m), null, null, "anna", At);
        var assessed = progress.Assess(Sick, T2, GoalStatus.Yellow, "Covid-toppen i januari.", "bo", At);

        var status = progress.Status(Sick, T2);
        Assert.Equal((GoalStatus.Yellow, GoalStatus.Red, true, 2), (status.Status, status.Computed, status.Manual, status.Version));
        Assert.Equal((1, "bo"), (assessed.Version, assessed.AssessedBy));
        Assert.Equal(2, progress.Assess(Sick, T2, GoalStatus.Red, "Ny bedömning.", "bo", At).Version);
        Assert.Equal(2, progress.AssessmentHistory(Sick.Id, T2).Count);
    }

    /// (That a status is required, and a known one, is checked where the wire's numbers are read:
    /// ProgressRequestValidationTests.AssessGoal_names_every_bad_field.)
    [Fact]
    public void An_assessment_needs_an_analysis_of_bounded_length_without_control_characters()
    {
        var v = new Violations();
        GoalAssessment.Validate("  ", v);
        GoalAssessment.Validate(new string('x', GoalAssessment.MaxAnalysisLength + 1), v);
        GoalAssessment.Validate("Orsak\0", v);
        GoalAssessment.Validate("Orsak:\n\tåtgärd.", v);
        GoalAssessment.Validate(new string('x', GoalAssessment.MaxAnalysisLength), v);
        Assert.Equal(["analysis", "analysis", "analysis"], v.Items.Select(i => i.Field));
    }

    [Fact]
    public void Higher_than_a_year_is_measured_against_that_years_outcome()
    {
        var progress = PlanProgress.None(NewPlan());
        progress.RecordOutcome(FullTime, T2, Total(61m), null, null, "anna", At);
        Assert.Equal(GoalStatus.NotMeasurable, progress.Status(FullTime, T2).Status);

        progress.RecordOutcome(FullTime, Period.FullYear(2021), Total(60m), null, null, "anna", At);

        Assert.Equal(GoalStatus.Green, progress.Status(FullTime, T2).Status);
        Assert.Equal(new HashSet<(Guid, Period)> { (FullTime.Id, T2), (FullTime.Id, Period.FullYear(2021)) }, progress.GoalPeriods.ToHashSet());
    }

    [Fact]
    public void Activity_status_changes_count_up_and_the_recorded_status_is_delayed_after_the_end_date()
    {
        var progress = PlanProgress.None(NewPlan());
        var activity = Sick.Activities[0];
        Assert.Equal((ActivityStatus.Planned, 0), (progress.RecordedStatus(activity.Id), progress.ActivityChanges(activity.Id)));

        progress.ChangeActivityStatus(activity, ActivityStatus.Ongoing, null, "anna", At);
        var change = progress.ChangeActivityStatus(activity, ActivityStatus.Ongoing, "Väntar på upphandling", "anna", At);

        Assert.Equal((2, "Väntar på upphandling"), (change.Version, progress.LastActivityChange(activity.Id)!.Comment));
        Assert.Equal(ActivityStatus.Ongoing, progress.ActivityStatusOn(activity, new DateOnly(2022, 6, 30)));
        Assert.Equal(ActivityStatus.Delayed, progress.ActivityStatusOn(activity, new DateOnly(2022, 8, 31)));
    }
}
