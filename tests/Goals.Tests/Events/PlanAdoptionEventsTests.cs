using Region.Contracts.Events;
using Region.Goals.Domain;
using Region.Goals.Events;

namespace Region.Goals.Tests.Events;

/// What adopting a revision announces, against the revision it replaces.
public sealed class PlanAdoptionEventsTests
{
    private static readonly DateTimeOffset At = new(2022, 3, 21, 9, 0, 0, TimeSpan.Zero);

    private static Goal Goal(string code, params Activity[] activities) => new(Guid.NewGuid(), code, "HALSA", GoalKind.Goal, code, null, null, false,
        TargetSpec.From(TargetParser.Parse("Minst 70 %")), activities);

    private static Activity Activity(string code) => new(Guid.NewGuid(), code, code, null, null, null);

    [Fact]
    public void A_revision_announces_new_goals_as_created_kept_ones_as_changed_and_dropped_ones_as_removed()
    {
        var kept = Goal("HALSA-3", Activity("A1"), Activity("A2"));
        var dropped = Goal("HALSA-4");
        var plan = Plan.Create("RS", 2022, "Verksamhetsplan 2022", null, null, 90m,
            PlanContent.Empty with { GoalAreas = [new GoalArea("HALSA", "Hälsa", null)], Goals = [kept, dropped] }, "planner", At);
        plan.Adopt(plan.Latest, new DateOnly(2021, 11, 8), "board");
        var first = plan.InForce!;
        var revision = plan.StartRevision("Revidering", "planner", At);
        var keptNow = first.Content.Goals[0];
        revision.Edit(c => c with { Goals = [keptNow with { Activities = [keptNow.Activities[0]] }, Goal("HALSA-5", Activity("A3"))] });
        var progress = PlanProgress.None(plan);
        progress.ChangeActivityStatus(keptNow.Activities[0], ActivityStatus.Ongoing, null, "anna", At);
        var previous = plan.InForce;
        plan.Adopt(revision, new DateOnly(2022, 3, 21), "board");

        var events = PlanAdoptionEvents.For(plan, revision, previous, progress, "t1", At).ToList();

        Assert.IsType<PlanAdopted>(events[0]);
        Assert.Equal(["HALSA-3"], events.OfType<GoalChanged>().Where(e => !e.Goal.Removed).Select(e => e.Goal.Name));
        Assert.Equal(["HALSA-5"], events.OfType<GoalCreated>().Select(e => e.Goal.Name));
        var removedGoal = Assert.Single(events.OfType<GoalChanged>(), e => e.Goal.Removed).Goal;
        Assert.Equal(("HALSA-4", dropped.Version + 2), (removedGoal.Name, removedGoal.Version)); // adopted once, then dropped
        var activities = events.OfType<ActivityStatusChanged>().Select(e => e.Activity).ToList();
        Assert.Equal([("A1", "Ongoing", false), ("A2", "Planned", true)], activities.Select(a => (a.Name, a.Status, a.Removed)));
        Assert.Equal("A3", Assert.Single(events.OfType<ActivityCreated>()).Activity.Name);
        Assert.All(events, e => Assert.Equal(("t1", At), (e.Tenant, e.OccurredAt)));
    }

    [Fact]
    public void Adoption_announces_the_assignment_a_goal_sits_under_by_its_id()
    {
        var at = new DateTimeOffset(2023, 3, 29, 9, 0, 0, TimeSpan.Zero);
        var target = TargetSpec.From(TargetParser.Parse("Minst 70 %"));
        var assignment = new Goal(Guid.NewGuid(), "U-1", "EKO", GoalKind.Assignment, "Ekonomi i balans", null, null, false, target, []);
        var under = new Goal(Guid.NewGuid(), "M-1", "EKO", GoalKind.Goal, "Nettokostnadsutveckling", null, null, true, target, [], AssignmentCode: "U-1");
        var alone = new Goal(Guid.NewGuid(), "M-2", "EKO", GoalKind.Goal, "Leverantörstrohet", null, null, false, target, []);
        var plan = Plan.Create("RS", 2023, "Verksamhetsplan 2023", null, null, 90m,
            PlanContent.Empty with { GoalAreas = [new GoalArea("EKO", "Ekonomi", null)], Goals = [assignment, under, alone] }, "planner", at);
        plan.Adopt(plan.Latest, new DateOnly(2023, 3, 29), "board");

        var states = PlanAdoptionEvents.For(plan, plan.InForce!, null, PlanProgress.None(plan), "t1", at).OfType<GoalCreated>().ToDictionary(e => e.Goal.Name, e => e.Goal);

        Assert.Equal(assignment.Id, states["Nettokostnadsutveckling"].AssignmentId);
        Assert.Null(states["Leverantörstrohet"].AssignmentId);
        Assert.Null(states["Ekonomi i balans"].AssignmentId);
    }
}
