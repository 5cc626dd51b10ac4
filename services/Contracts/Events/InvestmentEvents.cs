namespace Region.Contracts.Events;

// Events of the investments service, with event-carried state: each carries the whole plan or
// object as it is after the change, and a version so replicas can ignore a late older state.
// Amounts are whole SEK. Kind is New, Reinvestment or Unspecified; Category is Vehicles, It,
// Property, MedicalEquipment or OtherEquipment; Financing is Self or Loan; Status is Planned,
// Decided, Started, Completed or Cancelled.

/// A body's investment plan for a year. StatedTotal is the total the source document states (null when none).
public sealed record InvestmentPlanState(
    Guid PlanId, string BodyCode, int Year, string? DecisionReference, long? StatedTotal, int Version);

/// One investment object after the change. Amount is the decided/planned amount; SpentToDate is
/// the spending up to SpentAsOf; Forecast is the full-year forecast made on ForecastAsOf (null
/// until one is recorded). UrgentPool marks the plan's pool for urgent investments. FiguresInvented:
/// the last spending or forecast recorded is made-up example data (a demo's *.invented.yaml).
public sealed record InvestmentObjectState(
    Guid ObjectId, Guid PlanId, string BodyCode, int Year, string UnitCode, string Name, string Kind, string Category,
    long Amount, string Financing, bool UrgentPool, string Status, string? DecisionReference,
    long SpentToDate, DateOnly? SpentAsOf, long? Forecast, DateOnly? ForecastAsOf,
    string ChangedBy, DateTimeOffset ChangedAt, int Version, bool FiguresInvented = false);

public sealed record InvestmentPlanCreated(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentPlanState Plan) : IInvestmentsEvent;

public sealed record InvestmentObjectAdded(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentObjectState Object) : IInvestmentsEvent;

/// The object's fields (unit, name, kind, category, amount, financing, pool) were replaced.
public sealed record InvestmentObjectChanged(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentObjectState Object) : IInvestmentsEvent;

/// An object reached Decided; Object.DecisionReference says by whom and when (body, date, paragraph).
public sealed record InvestmentDecided(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentObjectState Object) : IInvestmentsEvent;

/// Any other status change (started, completed, cancelled).
public sealed record InvestmentStatusChanged(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, string FromStatus, InvestmentObjectState Object) : IInvestmentsEvent;

public sealed record InvestmentSpendingRecorded(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentObjectState Object) : IInvestmentsEvent;

public sealed record InvestmentForecastRecorded(Guid EventId, string Tenant, DateTimeOffset OccurredAt, InvestmentObjectState Object) : IInvestmentsEvent;

/// A stated total that disagrees with the sum of its rows (SEK).
public sealed record InvestmentTableFinding(string Location, long Stated, long Computed, string Message);

/// A plan's published table was imported (its objects are announced by InvestmentObjectAdded).
public sealed record InvestmentPlanTableImported(
    Guid EventId, string Tenant, DateTimeOffset OccurredAt, Guid PlanId, string BodyCode, int Year, int Objects, long Total,
    IReadOnlyList<InvestmentTableFinding> Findings) : IInvestmentsEvent;
