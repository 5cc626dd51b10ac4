using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Goals.Tests.Domain;

public sealed class RevisionTests
{
    private static readonly DateTimeOffset At = new(2021, 11, 8, 9, 0, 0, TimeSpan.Zero);

    private static Goal Sick(TargetSpec? target = null) => new(Guid.NewGuid(), "MED-3", "HALSA", GoalKind.Goal, "Sjukfrånvaron ska vara lägre än utsatt målvärde",
        null, "RS", false, target ?? TargetSpec.From(TargetParser.Parse("Högst 4,8 %")),
        [new Activity(Guid.NewGuid(), "MED-3-A1", "Hälsofrämjande insatser", null, new DateOnly(2022, 1, 1), new DateOnly(2022, 6, 30))]);

    private static Plan NewPlan(params Goal[] goals) => Plan.Create("RS", 2022, "Verksamhetsplan 2022", "RS/425/2021", null, 90m,
        PlanContent.Empty with { GoalAreas = [new GoalArea("HALSA", "En hälsofrämjande arbetsmiljö", null)], Goals = goals }, "planner", At);

    [Fact]
    public void An_adopted_revision_is_frozen()
    {
        var plan = NewPlan(Sick());
        plan.Latest.Edit(c => c with { Goals = [] });
        plan.Latest.Adopt(new DateOnly(2021, 11, 8), "board");
        Assert.Throws<FailedPreconditionException>(() => plan.Latest.Edit(c => c with { Goals = [Sick()] }));
        Assert.Throws<FailedPreconditionException>(() => plan.Latest.Adopt(new DateOnly(2021, 11, 9), "board"));
    }

    [Fact]
    public void A_new_revision_copies_the_last_and_needs_it_adopted()
    {
        var plan = NewPlan(Sick());
        Assert.Throws<FailedPreconditionException>(() => plan.StartRevision(null, "planner", At));
        plan.Latest.Adopt(new DateOnly(2021, 11, 8), "board");
        var second = plan.StartRevision("Revidering mars 2022", "planner", At);
        Assert.Equal((2, RevisionStatus.Draft), (second.Number, second.Status));
        Assert.Equal(plan.Revision(1).Content.Goals.Select(g => g.Id), second.Content.Goals.Select(g => g.Id));
        second.Edit(c => c with { Goals = [] });
        Assert.Single(plan.Revision(1).Content.Goals);
    }

    [Fact]
    public void Diff_names_added_removed_and_changed_goals_field_by_field()
    {
        var sick = Sick();
        var dropped = sick with { Id = Guid.NewGuid(), Code = "MED-4", Name = "Andelen heltidsanställda ska öka", Activities = [] };
        var before = PlanContent.Empty with { Goals = [sick, dropped] };
        var revised = sick with
        {
            Target = TargetSpec.From(TargetParser.Parse("4,8 % (RJH) 4,8 % (RS)", new TargetHints(Bound.AtMost))),
            Activities = [sick.Activities[0] with { EndDate = new DateOnly(2022, 12, 31) }],
        };
        var added = sick with { Id = Guid.NewGuid(), Code = "EKO-1", Name = "Leverantörstrohet", IsFinancialGoal = true, Activities = [] };
        var after = PlanContent.Empty with { Goals = [revised, added] };

        var diff = RevisionDiff.Between(before, after);

        var changed = Assert.Single(diff, c => c is { Entity: "Goal", Kind: ChangeKind.Changed });
        Assert.Equal("MED-3", changed.Code);
        Assert.Equal(["target.text", "target.kind", "target.value", "target.unit", "target.scopes"], changed.Fields.Select(f => f.Field));
        Assert.Contains(changed.Fields, f => f is { Field: "target.text", Before: "Högst 4,8 %", After: "4,8 % (RJH) 4,8 % (RS)" });
        Assert.Equal("EKO-1", Assert.Single(diff, c => c is { Entity: "Goal", Kind: ChangeKind.Added }).Code);
        Assert.Equal("MED-4", Assert.Single(diff, c => c is { Entity: "Goal", Kind: ChangeKind.Removed }).Code);
        var activity = Assert.Single(diff, c => c.Entity == "Activity");
        Assert.Equal(new FieldChange("end_date", "2022-06-30", "2022-12-31"), Assert.Single(activity.Fields));
    }

    [Fact]
    public void Identical_revisions_have_no_diff()
    {
        var content = PlanContent.Empty with { Goals = [Sick()] };
        Assert.Empty(RevisionDiff.Between(content, content with { Goals = content.Goals.ToList() }));
    }

    [Theory]
    [InlineData(ActivityStatus.Ongoing, "2022-07-01", ActivityStatus.Delayed)]
    [InlineData(ActivityStatus.Planned, "2022-07-01", ActivityStatus.Delayed)]
    [InlineData(ActivityStatus.Ongoing, "2022-06-30", ActivityStatus.Ongoing)]
    [InlineData(ActivityStatus.Done, "2022-12-31", ActivityStatus.Done)]
    [InlineData(ActivityStatus.Cancelled, "2022-12-31", ActivityStatus.Cancelled)]
    public void An_activity_past_its_end_date_and_not_done_counts_as_delayed(ActivityStatus recorded, string on, ActivityStatus expected) =>
        Assert.Equal(expected, ActivityStatusRule.On(recorded, new DateOnly(2022, 6, 30), DateOnly.Parse(on)));

    [Fact]
    public void Content_validation_lists_every_violation()
    {
        var bad = Sick() with { Name = "", AreaCode = "NOPE", ResponsibleUnitCode = "XX", Target = new TargetSpec(TargetKind.Threshold, "Minst") };
        var content = PlanContent.Empty with { GoalAreas = [new GoalArea("HALSA", "Hälsa", "MISSING")], Goals = [bad, bad with { Id = Guid.NewGuid(), Name = "x", AreaCode = "HALSA", ResponsibleUnitCode = null, Target = TargetSpec.From(TargetParser.Parse("Genomfört")) }] };
        var fields = content.Validate(code => code == "RS").Select(v => v.Field).Order().ToList();
        Assert.Equal(new[]
        {
            "goal_areas[0].strategy_code", "goals[0].goal_area_code", "goals[0].name", "goals[0].responsible_unit_code",
            "goals[0].target.bound", "goals[0].target.value", "goals[1].activities[0].code", "goals[1].code",
        }.Order(), fields);
    }
}
