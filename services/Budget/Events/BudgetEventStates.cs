using Region.Budget.Domain;
using Region.Contracts.Events;

namespace Region.Budget.Events;

/// The state the budget events carry (event-carried state, so a consumer never calls back): built
/// here once for live changes and for AnnounceSnapshot alike. Budget consumes no events.
public static class BudgetEventStates
{
    public static OrgUnitState ToState(this OrgUnit unit, string? parentCode) =>
        new(unit.Code, unit.Name, unit.Level.ToString(), parentCode, unit.ClosedFromYear, unit.Version,
            unit.Owner is { } o ? new UnitOwnerData(o.Name, o.Email, o.DeputyName, o.DeputyEmail) : null);

    public static FrameState ToState(this BudgetFrame frame, string unitCode) =>
        new(unitCode, frame.Year, frame.Category.ToString(), frame.Opening, frame.Current, frame.Version, frame.MonthlyWeights);

    public static LedgerEntryData ToData(this LedgerEntry e, string unitCode, int year) =>
        new(e.Id, unitCode, year, e.Kind.ToString(), e.Change, e.Reason, e.CaseNumber, e.ChangedBy, e.ChangedAt,
            e.TransferId, e.CounterpartUnitCode, e.AmountIsEstimate, e.IncludedInOpening);

    public static BudgetOutcomeLine ToData(this ValidOutcomeLine l) => new(l.Unit.Code, l.Year, l.Month, l.Column, l.Amount);

    public static BudgetOutcomeLine ToData(this MonthlyOutcome o, string unitCode) => new(unitCode, o.Year, o.Month, o.Column, o.Amount);
}
