using Region.Contracts.Events;
using Region.Investments.Domain;

namespace Region.Investments.Events;

/// Builds the event-carried states of the investments events from the domain, the same way for
/// live changes and for snapshots, so a re-announced state has the version its live event had.
public static class InvestmentEventStates
{
    public static InvestmentPlanState State(this InvestmentPlan p) =>
        new(p.Id, p.BodyCode, p.Year, p.DecisionReference, p.StatedTotal, p.Version);

    public static InvestmentObjectState State(this InvestmentObject o) => new(
        o.Id, o.PlanId, o.BodyCode, o.Year, o.UnitCode, o.Name, o.Kind.ToString(), o.Category.ToString(),
        o.Amount, o.Financing.ToString(), o.UrgentPool, o.Status.ToString(), o.DecisionReference,
        o.SpentToDate, o.SpentAsOf, o.Forecast, o.ForecastAsOf, o.ChangedBy, o.ChangedAt, o.Version, o.FiguresInvented);
}
