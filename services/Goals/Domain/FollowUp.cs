using Region.Contracts.Periods;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

/// Utfall: one recording of a goal's outcome for a period. Recording again adds a row with the next
/// version; the newest is in force and the older ones are the history.
public sealed class GoalOutcome : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid GoalId { get; init; }
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

    public Period Period => new(Year, PeriodKind, PeriodNumber);
}

/// A person's assessment of a goal for a period (status + analysis), which overrides the rule; every
/// assessment is kept, the newest is in force.
public sealed class GoalAssessment : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid GoalId { get; init; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    public GoalStatus Status { get; init; }
    public required string Analysis { get; init; }
    public required string AssessedBy { get; init; }
    public DateTimeOffset AssessedAt { get; init; }
    public int Version { get; init; }

    public Period Period => new(Year, PeriodKind, PeriodNumber);
}

/// An indicator's outcome for a period (a time series, no status); history kept like goal outcomes.
public sealed class IndicatorOutcome : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid IndicatorId { get; init; }
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

    public Period Period => new(Year, PeriodKind, PeriodNumber);
}

public enum ActivityStatus
{
    Planned = 1,
    Ongoing = 2,
    Delayed = 3,
    Done = 4,
    Cancelled = 5,
}

/// A change of an activity's status; the newest is in force, the older ones are its history.
public sealed class ActivityStatusChange : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid ActivityId { get; init; }
    public ActivityStatus Status { get; init; }
    public string? Comment { get; init; }
    public required string ChangedBy { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public int Version { get; init; }
}

public static class ActivityStatusRule
{
    /// The status on a date: an activity past its end date and neither done nor cancelled counts as delayed.
    public static ActivityStatus On(ActivityStatus recorded, DateOnly? endDate, DateOnly date) =>
        recorded is ActivityStatus.Planned or ActivityStatus.Ongoing && endDate is { } end && date > end
            ? ActivityStatus.Delayed
            : recorded;
}
