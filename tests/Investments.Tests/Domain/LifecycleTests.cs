using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Investments.Tests.Domain;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset At = new(2022, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly InvestmentPlan Plan = new() { BodyCode = "RS", Year = 2022, CreatedBy = "ekonomi", CreatedAt = At };

    private static InvestmentObject Planned() => InvestmentObject.Create(Plan,
        new ObjectFields("IT", "Serverhall", InvestmentKind.New, InvestmentCategory.It, 3_630_000, Financing.Self, false),
        InvestmentStatus.Planned, null, "planerare", At);

    [Fact]
    public void An_object_goes_planned_decided_started_completed_keeping_who_when_and_the_decision()
    {
        var o = Planned();
        o.ChangeStatus(InvestmentStatus.Decided, "RS 10 november, § 204", "ordf", At.AddDays(1));
        o.ChangeStatus(InvestmentStatus.Started, null, "it.chef", At.AddDays(2));
        var from = o.ChangeStatus(InvestmentStatus.Completed, null, "it.chef", At.AddDays(3));

        Assert.Equal(InvestmentStatus.Started, from);
        Assert.Equal(InvestmentStatus.Completed, o.Status);
        Assert.Equal(4, o.Version);
        Assert.Equal(
            [("added", InvestmentStatus.Planned, null, "planerare"),
             ("status Planned → Decided", InvestmentStatus.Decided, "RS 10 november, § 204", "ordf"),
             ("status Decided → Started", InvestmentStatus.Started, "RS 10 november, § 204", "it.chef"),
             ("status Started → Completed", InvestmentStatus.Completed, "RS 10 november, § 204", "it.chef")],
            o.History.Select(c => (c.What, c.Status, c.DecisionReference, c.ChangedBy)).ToList<(string, InvestmentStatus, string?, string)>());
        Assert.Equal(At.AddDays(3), o.ChangedAt);
    }

    [Theory]
    [InlineData(InvestmentStatus.Planned, InvestmentStatus.Started)]
    [InlineData(InvestmentStatus.Planned, InvestmentStatus.Completed)]
    [InlineData(InvestmentStatus.Decided, InvestmentStatus.Completed)]
    [InlineData(InvestmentStatus.Decided, InvestmentStatus.Planned)]
    [InlineData(InvestmentStatus.Completed, InvestmentStatus.Cancelled)]
    [InlineData(InvestmentStatus.Cancelled, InvestmentStatus.Decided)]
    [InlineData(InvestmentStatus.Started, InvestmentStatus.Started)]
    public void Illegal_steps_are_refused(InvestmentStatus from, InvestmentStatus to) =>
        Assert.False(InvestmentLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(InvestmentStatus.Planned)]
    [InlineData(InvestmentStatus.Decided)]
    [InlineData(InvestmentStatus.Started)]
    public void Anything_not_completed_can_be_cancelled(InvestmentStatus from) =>
        Assert.True(InvestmentLifecycle.CanMove(from, InvestmentStatus.Cancelled));

    [Fact]
    public void An_illegal_step_fails_the_precondition_and_changes_nothing()
    {
        var o = Planned();
        var e = Assert.Throws<FailedPreconditionException>(() => o.ChangeStatus(InvestmentStatus.Completed, null, "x", At));
        Assert.Contains("Planned to Completed", e.Message);
        Assert.Equal((InvestmentStatus.Planned, 1, 1), (o.Status, o.Version, o.History.Count));
    }

    [Fact]
    public void Deciding_needs_a_decision_reference()
    {
        var o = Planned();
        Assert.Throws<FailedPreconditionException>(() => o.ChangeStatus(InvestmentStatus.Decided, " ", "x", At));
        Assert.Equal(InvestmentStatus.Planned, o.Status);
    }

    [Fact]
    public void Deciding_without_a_reference_of_its_own_rests_on_the_plans_decision_and_only_then()
    {
        var decided = Planned();
        decided.ChangeStatus(InvestmentStatus.Decided, "", "x", At, planDecisionReference: "RS 10 november, § 204");
        var own = Planned();
        own.ChangeStatus(InvestmentStatus.Decided, " RS 8 december, § 230 ", "x", At, planDecisionReference: "RS 10 november, § 204");
        var cancelled = Planned();
        cancelled.ChangeStatus(InvestmentStatus.Cancelled, null, "x", At, planDecisionReference: "RS 10 november, § 204");

        Assert.Equal(("RS 10 november, § 204", "RS 8 december, § 230", null),
            (decided.DecisionReference, own.DecisionReference, cancelled.DecisionReference));
    }

    [Fact]
    public void Spending_needs_a_decision_and_never_goes_back_in_time()
    {
        var o = Planned();
        Assert.Throws<FailedPreconditionException>(() => o.RecordSpending(100, new DateOnly(2022, 4, 30), "x", At));
        o.ChangeStatus(InvestmentStatus.Decided, "§ 204", "x", At);
        o.RecordSpending(1_200_000, new DateOnly(2022, 8, 31), "ekonomi", At);
        Assert.Throws<FailedPreconditionException>(() => o.RecordSpending(900_000, new DateOnly(2022, 4, 30), "x", At));
        Assert.Equal((1_200_000L, new DateOnly(2022, 8, 31)), (o.SpentToDate, o.SpentAsOf!.Value));
    }

    [Fact]
    public void A_cancelled_object_takes_no_forecast_and_no_new_fields()
    {
        var o = Planned();
        o.ChangeStatus(InvestmentStatus.Cancelled, null, "x", At);
        Assert.Throws<FailedPreconditionException>(() => o.RecordForecast(1, new DateOnly(2022, 8, 31), "x", At));
        Assert.Throws<FailedPreconditionException>(() => o.Apply(
            new ObjectFields("IT", "Annat", InvestmentKind.New, InvestmentCategory.It, 1, Financing.Self, false), "x", At));
    }

    [Fact]
    public void Figures_are_checked_against_the_plans_year()
    {
        var v = new Violations();
        Assert.Null(InvestmentObject.ValidateFigure(-5, "spent_to_date", "2023-01-31", "as_of", 2022, v));
        Assert.Null(InvestmentObject.ValidateFigure(5, "forecast", "31/8", "as_of", 2022, v));
        Assert.Equal(new DateOnly(2022, 8, 31), InvestmentObject.ValidateFigure(5, "forecast", "2022-08-31", "as_of", 2022, v));
        Assert.Equal(["spent_to_date", "as_of", "as_of"], v.Items.Select(x => x.Field));
    }
}
