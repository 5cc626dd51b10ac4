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

    [Theory]
    [InlineData(PeriodKind.Tertial, 1, "2022-01-01", "2022-04-30")]
    [InlineData(PeriodKind.Tertial, 2, "2022-05-01", "2022-08-31")]
    [InlineData(PeriodKind.Tertial, 3, "2022-09-01", "2022-12-31")]
    [InlineData(PeriodKind.Month, 2, "2022-02-01", "2022-02-28")]
    [InlineData(PeriodKind.Year, 0, "2022-01-01", "2022-12-31")]
    public void A_period_knows_its_first_and_last_day(PeriodKind kind, int number, string first, string last)
    {
        var period = new FollowUpPeriod(2022, kind, number);

        Assert.Equal((DateOnly.Parse(first), DateOnly.Parse(last)), (period.FirstDay, period.LastDay));
    }

    [Fact]
    public void A_period_as_sent_is_checked_field_by_field()
    {
        var v = new Violations();

        Assert.Null(FollowUpPeriod.Validate(2022, PeriodKind.Tertial, 4, "covers", v));
        Assert.Null(FollowUpPeriod.Validate(1900, null, 1, "x", v));

        Assert.Equal(["covers.number", "x.year", "x.kind"], v.Items.Select(x => x.Field));
    }
}
