using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// The outcome of one unit, month and column. Outcome lines carry no version: the time they were
/// recorded is theirs, so a later recording replaces the amount and an older one is ignored.
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
    /// The amount is made-up example data (BudgetOutcomeRecorded.Invented): the report says so.
    public bool Invented { get; set; }
}
