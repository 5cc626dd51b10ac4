using Region.Contracts.Periods;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

/// Utfall: one recording of an outcome for a period, of a goal or of an indicator. Recording again
/// adds a row with the next version; the newest is in force and the older ones are the history.
/// EF maps each subclass to its own table (this base is not part of the model).
public abstract class RecordedOutcome : ITenantOwned
{
    public const int MaxSourceLength = 300;
    public const int MaxCommentLength = 2000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    public decimal? Total { get; init; }
    public decimal? Women { get; init; }
    public decimal? Men { get; init; }
    public string? Source { get; init; }
    public string? Comment { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public int Version { get; init; }
    /// Made-up example data (a demo's *.invented.yaml): every report built on it says so.
    public bool Invented { get; init; }

    public Period Period => new(Year, PeriodKind, PeriodNumber);
}
