using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Meetings.Tests.Domain;

public sealed class FollowUpPlanTests
{
    [Fact]
    public void Every_violation_of_a_plan_is_listed_and_only_valid_areas_become_rules()
    {
        var v = new Violations();

        var rules = FollowUpPlan.Validate([("Folkhälsa", FollowUpFrequency.Once), ("folkhälsa", FollowUpFrequency.Twice), ("", FollowUpFrequency.Once), ("Internkontroll", null)], "plan", v);

        Assert.Equal(["plan[1].name", "plan[2].name", "plan[3].frequency"], v.Items.Select(x => x.Field));
        Assert.Equal(["Folkhälsa"], rules.Select(r => r.Name));
    }
}
