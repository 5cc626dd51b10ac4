using Region.ServiceDefaults.Errors;

namespace Region.Meetings.Domain;

public enum PeriodKind
{
    Month = 1,
    Tertial = 2,
    Year = 3,
}

/// The period a report covers: month 1-12, tertial 1-3 (tertial: a third of the year) or the whole year.
public sealed record FollowUpPeriod(int Year, PeriodKind Kind, int Number)
{
    public DateOnly FirstDay => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Number, 1),
        PeriodKind.Tertial => new DateOnly(Year, (Number - 1) * 4 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public DateOnly LastDay => Kind switch
    {
        PeriodKind.Month => FirstDay.AddMonths(1).AddDays(-1),
        PeriodKind.Tertial => FirstDay.AddMonths(4).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    public override string ToString() => Kind switch
    {
        PeriodKind.Month => $"{Year}-{Number:00}",
        PeriodKind.Tertial => $"{Year}-T{Number}",
        _ => $"{Year}",
    };

    /// Checks a period as a caller sent it; kind null means unspecified.
    public static FollowUpPeriod? Validate(int year, PeriodKind? kind, int number, string field, Violations v)
    {
        var ok = v.Check(MeetingCalendar.IsValidYear(year), $"{field}.year", $"A year between {MeetingCalendar.FirstYear} and {MeetingCalendar.LastYear}.");
        ok &= v.Check(kind is not null, $"{field}.kind", "Say whether the period is a month, a tertial or the year.");
        if (kind == PeriodKind.Month) ok &= v.Check(number is >= 1 and <= 12, $"{field}.number", "A month from 1 to 12.");
        if (kind == PeriodKind.Tertial) ok &= v.Check(number is >= 1 and <= 3, $"{field}.number", "A tertial from 1 to 3.");
        return ok ? new FollowUpPeriod(year, kind!.Value, kind == PeriodKind.Year ? 0 : number) : null;
    }

    /// The tertial (1-3) a date falls in.
    public static int TertialOf(DateOnly date) => (date.Month - 1) / 4 + 1;
}
