using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Goals.Tests.Domain;

public sealed class PlanTests
{
    private static readonly DateTimeOffset At = new(2021, 11, 8, 9, 0, 0, TimeSpan.Zero);

    private static Goal Goal(string code) => new(Guid.NewGuid(), code, "HALSA", GoalKind.Goal, code, null, null, false,
        TargetSpec.From(TargetParser.Parse("Minst 70 %")), []);

    [Fact]
    public void Adopting_puts_the_revision_in_force_and_moves_the_plan_version_on()
    {
        var plan = Plan.Create("RS", 2022, "Verksamhetsplan 2022", null, null, 90m, PlanContent.Empty, "planner", At);
        Assert.Null(plan.InForce);

        plan.Adopt(plan.Latest, new DateOnly(2021, 11, 8), "board");

        Assert.Equal((1, 2, "board"), (plan.InForce!.Number, plan.Version, plan.InForce.AdoptedBy));
        Assert.Throws<FailedPreconditionException>(() => plan.Adopt(plan.Latest, new DateOnly(2021, 11, 9), "board"));
    }

    [Fact]
    public void Putting_a_goal_with_its_id_replaces_it_as_the_next_version_and_a_new_one_is_appended()
    {
        var sick = Goal("HALSA-3");
        var content = PlanContent.Empty with { Goals = [sick] };

        var changed = content.Put(sick with { Name = "Sjukfrånvaron ska minska" }).Put(Goal("HALSA-4"));

        Assert.Equal(["HALSA-3", "HALSA-4"], changed.Goals.Select(g => g.Code));
        Assert.Equal(("Sjukfrånvaron ska minska", 2, sick.Id), (changed.Goals[0].Name, changed.Goals[0].Version, changed.Goals[0].Id));
    }

    [Fact]
    public void Removing_a_goal_goes_by_its_code_and_an_unknown_code_is_not_found()
    {
        var content = PlanContent.Empty with { Goals = [Goal("HALSA-3"), Goal("HALSA-4")] };
        Assert.Equal(["HALSA-4"], content.RemoveGoal("halsa-3").Goals.Select(g => g.Code));
        Assert.Throws<NotFoundException>(() => content.RemoveGoal("HALSA-9"));
    }
}
