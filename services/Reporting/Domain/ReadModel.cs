using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Domain;

// The read model: what the other services announced, as the report needs it. Rows are keyed by
// the source's natural key and carry the source's version (or time), so a late older state is ignored.

/// A row that keeps the version of the state it holds.
public interface IVersioned
{
    int Version { get; set; }
}

/// A unit's frame for a year: the opening net and the frame in force per column (the period
/// budget is spread per column and rounded as the budget service does).
public sealed class FrameRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    /// Officials or ElectedMembers.
    public required string Category { get; set; }
    public long OpeningNet { get; set; }
    public required FrameAmounts Current { get; set; }
    public long CurrentNet => Current.Net;
    public int[]? MonthlyWeights { get; set; }
    public int Version { get; set; }
}

/// One entry of the frame-change ledger.
public sealed class LedgerRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid EntryId { get; init; }
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    public required string Kind { get; init; }
    public long Change { get; init; }
    public required string Reason { get; init; }
    public string? CaseNumber { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public string? CounterpartUnitCode { get; init; }
    public bool AmountIsEstimate { get; init; }
}

public sealed class FinancingRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required FinancingData Amounts { get; set; }
    public int Version { get; set; }
}

/// The outcome of one unit, month and column; a later recording (by time) replaces it.
public sealed class BudgetOutcomeRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    public int Month { get; init; }
    public required string Column { get; init; }
    public long Amount { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class ForecastRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    public long Net { get; set; }
    public string? Comment { get; set; }
    public int Version { get; set; }
}

/// An imported frame table and the stated figures that did not add up.
public sealed class FrameTableImportRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ImportId { get; init; }
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
    public List<FrameTableFinding> Findings { get; init; } = [];
}

/// A body's plan for a year (the revision last announced).
public sealed class PlanRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public required string BodyCode { get; set; }
    public int Year { get; set; }
    public required string Name { get; set; }
    public string? CaseNumber { get; set; }
    public int Revision { get; set; }
    public int Version { get; set; }
}

/// A goal (mål) or assignment (uppdrag) of a plan.
public sealed class GoalRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid GoalId { get; init; }
    public Guid PlanId { get; set; }
    public required string BodyCode { get; set; }
    public int Year { get; set; }
    /// Goal or Assignment.
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public string? GoalAreaName { get; set; }
    public string? ResponsibleUnitCode { get; set; }
    public bool IsFinancialGoal { get; set; }
    public string? TargetText { get; set; }
    public bool Removed { get; set; }
    public int Version { get; set; }
}

/// A goal's outcome and status for one period; the two arrive separately, each with its version.
public sealed class GoalPeriodRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid GoalId { get; init; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    /// Green, Yellow, Red or NotMeasurable; null until assessed.
    public string? Status { get; set; }
    public string? Basis { get; set; }
    public string? Analysis { get; set; }
    public int StatusVersion { get; set; }
    public decimal? OutcomeTotal { get; set; }
    public decimal? OutcomeWomen { get; set; }
    public decimal? OutcomeMen { get; set; }
    public int OutcomeVersion { get; set; }
}

public sealed class ActivityRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ActivityId { get; init; }
    public Guid GoalId { get; set; }
    public Guid PlanId { get; set; }
    public required string Name { get; set; }
    public DateOnly? EndDate { get; set; }
    /// Planned, Ongoing, Delayed, Done or Cancelled.
    public required string Status { get; set; }
    public bool Removed { get; set; }
    public int Version { get; set; }
}

/// An investment object (its plan's body and year, amount, spending and forecast).
public sealed class InvestmentRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ObjectId { get; init; }
    public required string BodyCode { get; set; }
    public int Year { get; set; }
    public required string UnitCode { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public long Amount { get; set; }
    public required string Status { get; set; }
    public long SpentToDate { get; set; }
    public long? Forecast { get; set; }
    public int Version { get; set; }
}

/// A meeting of a body with the agenda items that present reports.
public sealed class MeetingRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid MeetingId { get; init; }
    public required string BodyCode { get; set; }
    public int Year { get; set; }
    public required string Kind { get; set; }
    public string? Title { get; set; }
    public DateOnly StartDate { get; set; }
    public string? Place { get; set; }
    public bool Cancelled { get; set; }
    public List<AgendaItemRow> Items { get; set; } = [];
    public int Version { get; set; }
}

/// An agenda item; Covers* name the report period it presents, when it presents one.
public sealed record AgendaItemRow(string Title, string? ResponsibleRole, int? CoversYear, string? CoversKind, int? CoversNumber);
