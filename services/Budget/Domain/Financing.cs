using Region.Contracts.Events;
using Region.ServiceDefaults.Tenancy;

namespace Region.Budget.Domain;

/// Finansförvaltning: a body's financing for a year (tax revenue, general state grants,
/// pharmaceutical grant, financial income and costs). Total net budget = financing + the frames' nets.
public sealed class Financing : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid BodyUnitId { get; init; }
    public int Year { get; init; }
    public required FinancingData Amounts { get; set; }
    public int Version { get; set; } = 1;
}

/// Utfall: the booked amount of one unit, month and column, as delivered by the ledger system.
public sealed class MonthlyOutcome : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid UnitId { get; init; }
    public int Year { get; init; }
    public int Month { get; init; }
    public Region.Contracts.Budget.BudgetColumn Column { get; init; }
    public long Amount { get; set; }
    public required string RequestId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// A recorded outcome batch, kept so that a retried request changes nothing.
public sealed class OutcomeBatch : ITenantOwned
{
    public string Tenant { get; set; } = "";
    public required string RequestId { get; init; }
    /// OutcomeLines.PayloadHash of the batch; null for batches recorded before it was kept.
    public string? PayloadHash { get; init; }
    public int Lines { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    /// The batch is made-up example data (a demo's *.invented.yaml): reports built on it say so.
    public bool Invented { get; init; }
}

/// Prognos: the full-year net a unit expects.
public sealed class Forecast : ITenantOwned
{
    public const int MaxCommentLength = 1000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid UnitId { get; init; }
    public int Year { get; init; }
    public long Net { get; set; }
    public string? Comment { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int Version { get; set; } = 1;
    /// As OutcomeBatch.Invented.
    public bool Invented { get; set; }
}

/// An imported frame table with the findings its checks produced.
public sealed class FrameTableImport : ITenantOwned
{
    public const int MaxSourceLength = 300;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid BodyUnitId { get; init; }
    public int Year { get; init; }
    public required string Source { get; init; }
    public int Rows { get; init; }
    public List<FrameTableFinding> Findings { get; init; } = [];
    public required string ImportedBy { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
}
