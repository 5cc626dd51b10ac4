using System.Globalization;
using System.Text.RegularExpressions;

namespace Region.Contracts.Periods;

/// How long a follow-up period is; the numbers are those of region.common.v1.PeriodKind.
public enum PeriodKind
{
    Month = 1,
    Tertial = 2,
    Year = 3,
}

/// A follow-up period: a month (månadsrapport), a tertial (a third of the year: tertialrapport per
/// April, delårsrapport per August) or the whole year (årsbokslut, number 0). The one period type
/// of every service, the events and regionctl. Written "2022-M08", "2022-T2" and "2022-Y"; the
/// parser also takes "2022-08" and "2022", the forms people type.
public readonly partial record struct Period(int Year, PeriodKind Kind, int Number)
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// The forms Parse accepts, for help texts and error messages.
    public const string Forms = "2022-T2 (tertial), 2022-M08 or 2022-08 (month), 2022-Y or 2022 (year)";

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;

    public static Period Month(int year, int month) => Create(year, PeriodKind.Month, month);
    public static Period Tertial(int year, int tertial) => Create(year, PeriodKind.Tertial, tertial);
    public static Period FullYear(int year) => Create(year, PeriodKind.Year, 0);

    /// A valid period, or null: a year the system keeps, month 1-12, tertial 1-3. A year's number is
    /// not looked at (region.common.v1.Period says so) and becomes 0.
    public static Period? TryCreate(int year, PeriodKind kind, int number) => kind switch
    {
        _ when !IsValidYear(year) => null,
        PeriodKind.Month when number is >= 1 and <= 12 => new Period(year, kind, number),
        PeriodKind.Tertial when number is >= 1 and <= 3 => new Period(year, kind, number),
        PeriodKind.Year => new Period(year, kind, 0),
        _ => null,
    };

    private static Period Create(int year, PeriodKind kind, int number) =>
        TryCreate(year, kind, number) ?? throw new ArgumentOutOfRangeException(nameof(number), $"No {kind} {number} in {year}.");

    // ASCII digits only: \d would also match other scripts' digits, which int.Parse rejects.
    [GeneratedRegex("^(?<year>[0-9]{4})(?:-(?:(?<kind>[TtMm])(?<number>[0-9]{1,2})|(?<month>[0-9]{2})|(?<y>[Yy])))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// Parses any of the Forms; null for anything else, including a month 13 or a year out of range.
    public static Period? TryParse(string? text)
    {
        if (text is null || text.Length > 16) return null;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return null;
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["month"].Success) return TryCreate(year, PeriodKind.Month, int.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture));
        if (!m.Groups["kind"].Success) return TryCreate(year, PeriodKind.Year, 0);
        var number = int.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture);
        return TryCreate(year, char.ToUpperInvariant(m.Groups["kind"].Value[0]) == 'T' ? PeriodKind.Tertial : PeriodKind.Month, number);
    }

    /// The last month the period covers: the budget runs from January through it.
    public int ThroughMonth => Kind switch
    {
        PeriodKind.Month => Number,
        PeriodKind.Tertial => Number * 4,
        _ => 12,
    };

    public DateOnly FirstDay => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Number, 1),
        PeriodKind.Tertial => new DateOnly(Year, (Number - 1) * 4 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public DateOnly LastDay => new DateOnly(Year, ThroughMonth, 1).AddMonths(1).AddDays(-1);

    /// The tertial (1-3) a date falls in.
    public static int TertialOf(DateOnly date) => (date.Month - 1) / 4 + 1;

    /// The canonical text form: "2022-M08", "2022-T2", "2022-Y".
    public override string ToString() => Kind switch
    {
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year}-M{Number:00}"),
        PeriodKind.Tertial => string.Create(CultureInfo.InvariantCulture, $"{Year}-T{Number}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year}-Y"),
    };
}
