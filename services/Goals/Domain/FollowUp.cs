using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

public enum PeriodKind
{
    Month = 1,
    Tertial = 2,
    Year = 3,
}

/// A follow-up period: year + kind + number (month 1-12, tertial 1-3, year 1). Written "2022-T2", "2022-M08", "2022".
public readonly record struct Period(int Year, PeriodKind Kind, int Number)
{
    public static bool IsValidYear(int year) => year is >= 2000 and <= 2100;

    public static void Validate(int year, PeriodKind? kind, int number, string field, Violations v)
    {
        v.Check(IsValidYear(year), $"{field}.year", "A year between 2000 and 2100.");
        if (!v.Check(kind is not null, $"{field}.kind", "Say whether the period is a month, a tertial or a year.")) return;
        var max = kind switch { PeriodKind.Month => 12, PeriodKind.Tertial => 3, _ => 1 };
        v.Check(kind == PeriodKind.Year ? number is 0 or 1 : number >= 1 && number <= max, $"{field}.number",
            kind == PeriodKind.Year ? "A year period has no number (0 or 1)." : $"Between 1 and {max} for a {kind.ToString()!.ToLowerInvariant()}.");
    }

    public static Period Of(int year, PeriodKind kind, int number) => new(year, kind, kind == PeriodKind.Year ? 1 : number);

    /// The last day of the period, for "delayed as of the period's end".
    public DateOnly EndDate => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Number, 1).AddMonths(1).AddDays(-1),
        PeriodKind.Tertial => new DateOnly(Year, Number * 4, 1).AddMonths(1).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    public override string ToString() => Kind switch
    {
        PeriodKind.Month => $"{Year}-M{Number:00}",
        PeriodKind.Tertial => $"{Year}-T{Number}",
        _ => $"{Year}",
    };

    /// Parses "2022-T2", "2022-M08", "2022-08", "2022".
    public static Period? TryParse(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var parts = s.Trim().ToUpperInvariant().Split('-');
        if (!int.TryParse(parts[0], out var year) || !IsValidYear(year)) return null;
        if (parts.Length == 1) return new Period(year, PeriodKind.Year, 1);
        if (parts.Length != 2 || parts[1].Length == 0) return null;
        var (kind, digits) = parts[1][0] switch
        {
            'T' => (PeriodKind.Tertial, parts[1][1..]),
            'M' => (PeriodKind.Month, parts[1][1..]),
            _ => (PeriodKind.Month, parts[1]),
        };
        if (!int.TryParse(digits, out var n)) return null;
        var v = new Violations();
        Validate(year, kind, n, "period", v);
        return v.Any ? null : new Period(year, kind, n);
    }
}

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
