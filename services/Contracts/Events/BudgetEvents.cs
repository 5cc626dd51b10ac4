using Region.Contracts.Budget;

namespace Region.Contracts.Events;

// Events of the budget service. Each carries the whole state a consumer needs (event-carried
// state) and a version, so replicas can ignore an older state that arrives late.

/// An org unit as it is after the change. Level is the budget level name (Region, Body, Division, Area, Department, Unit).
/// Owner is null when nobody answers for the unit (and in events from before owners existed).
public sealed record OrgUnitState(
    string Code, string Name, string Level, string? ParentCode, int? ClosedFromYear, int Version, UnitOwnerData? Owner = null);

/// The person who answers for a unit (its reports, reminders), with an optional deputy.
public sealed record UnitOwnerData(string Name, string Email, string? DeputyName, string? DeputyEmail);

public sealed record OrgUnitCreated(Guid EventId, string Tenant, DateTimeOffset OccurredAt, OrgUnitState Unit) : IBudgetEvent;

public sealed record OrgUnitRenamed(Guid EventId, string Tenant, DateTimeOffset OccurredAt, OrgUnitState Unit) : IBudgetEvent;

public sealed record OrgUnitClosed(Guid EventId, string Tenant, DateTimeOffset OccurredAt, OrgUnitState Unit) : IBudgetEvent;

/// The unit's owner was set, changed or removed (Unit.Owner is null).
public sealed record OrgUnitOwnerChanged(Guid EventId, string Tenant, DateTimeOffset OccurredAt, OrgUnitState Unit) : IBudgetEvent;

/// A frame as it is after the change: opening, the ledger's sum and the frame in force. Category is Officials or ElectedMembers.
/// MonthlyWeights: twelve weights for the period budget, null when the year is spread evenly.
public sealed record FrameState(
    string UnitCode, int Year, string Category, FrameAmounts Opening, FrameAmounts Current, int Version,
    IReadOnlyList<int>? MonthlyWeights = null);

public sealed record BudgetFrameOpened(Guid EventId, string Tenant, DateTimeOffset OccurredAt, FrameState Frame) : IBudgetEvent;

/// One ledger entry. Kind is IndexUplift, Prioritisation, Transfer or Other. IncludedInOpening: the
/// frame's opening already contains the change, so it is not in the frame's Current a second time
/// (false in events from before the flag existed).
public sealed record LedgerEntryData(
    Guid EntryId, string UnitCode, int Year, string Kind, FrameAmounts Change, string Reason, string? CaseNumber,
    string ChangedBy, DateTimeOffset ChangedAt, Guid? TransferId, string? CounterpartUnitCode, bool AmountIsEstimate,
    bool IncludedInOpening = false);

public sealed record BudgetFrameAdjusted(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, LedgerEntryData Entry, FrameState Frame) : IBudgetEvent;

public sealed record FinancingData(
    long TaxRevenue, long GeneralStateGrants, long PharmaceuticalGrant, long FinancialIncome, long FinancialCosts)
{
    public long Total => TaxRevenue + GeneralStateGrants + PharmaceuticalGrant + FinancialIncome + FinancialCosts;
}

public sealed record FinancingSet(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, string BodyCode, int Year, FinancingData Financing, int Version) : IBudgetEvent;

public sealed record BudgetOutcomeLine(string UnitCode, int Year, int Month, BudgetColumn Column, long Amount);

/// A batch of monthly outcomes; each line replaces any earlier value of its unit, month and column.
/// Invented: the figures are made-up example data (a demo's *.invented.yaml); reports say so.
public sealed record BudgetOutcomeRecorded(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, string RequestId, IReadOnlyList<BudgetOutcomeLine> Lines,
    bool Invented = false) : IBudgetEvent;

/// A unit's full-year forecast; Invented as in BudgetOutcomeRecorded.
public sealed record BudgetForecastRecorded(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, string UnitCode, int Year, long Net, string? Comment, int Version,
    bool Invented = false) : IBudgetEvent;

public sealed record FrameTableFinding(string Location, BudgetColumn Column, string? Detail, long Stated, long Computed, string Message);

/// A published frame table was imported; its findings are the stated figures that did not add up.
public sealed record FrameTableImported(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid ImportId, string BodyCode, int Year, string Source,
    IReadOnlyList<FrameTableFinding> Findings) : IBudgetEvent;

public sealed record BudgetYearClosed(Guid EventId, string Tenant, DateTimeOffset OccurredAt, int Year) : IBudgetEvent;
