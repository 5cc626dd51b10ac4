using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// One entry of the frame-change ledger. An entry never changes once written: it is added once,
/// found by its id, and has no version.
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
    /// The change is already in the frame's opening: shown with its amount, never added to it again.
    public bool IncludedInOpening { get; init; }
}
