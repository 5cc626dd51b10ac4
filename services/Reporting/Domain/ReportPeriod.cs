using System.Globalization;
using System.Text.RegularExpressions;

namespace Region.Reporting.Domain;

public enum PeriodKind
{
    Month = 1,
    Tertial = 2,
    Year = 3,
}

/// A follow-up period: a tertial (tertialrapport per April, delårsrapport per August), the year
/// (årsbokslut) or a month (månadsrapport, for the economy). Written "2022-T2", "2022-Y", "2022-M08".
public sealed partial record ReportPeriod(int Year, PeriodKind Kind, int Number)
{
    static readonly string[] MonthNames =
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<kind>[TMY])(?<number>\d{0,2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static ReportPeriod? TryParse(string? text)
    {
        var m = Pattern().Match(text?.Trim() ?? "");
        if (!m.Success) return null;
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = m.Groups["number"].Value is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : 0;
        var period = char.ToUpperInvariant(m.Groups["kind"].Value.FirstOrDefault('Y')) switch
        {
            'T' when number is >= 1 and <= 3 => new ReportPeriod(year, PeriodKind.Tertial, number),
            'M' when number is >= 1 and <= 12 => new ReportPeriod(year, PeriodKind.Month, number),
            'Y' when number == 0 => new ReportPeriod(year, PeriodKind.Year, 0),
            _ => null,
        };
        return period is { Year: >= 2000 and <= 2100 } ? period : null;
    }

    /// Maps the event names (Month, Tertial, Year) to a period; the year's number is ignored.
    public static ReportPeriod? From(int year, string kind, int number) =>
        Enum.TryParse<PeriodKind>(kind, true, out var k) ? new ReportPeriod(year, k, k == PeriodKind.Year ? 0 : number) : null;

    /// The budget runs from January through this month.
    public int ThroughMonth => Kind switch
    {
        PeriodKind.Month => Number,
        PeriodKind.Tertial => Number * 4,
        _ => 12,
    };

    public DateOnly EndDate => new DateOnly(Year, ThroughMonth, 1).AddMonths(1).AddDays(-1);

    /// The period the report compares with: the tertial before, the previous month, or for the
    /// year-end the August interim report.
    public ReportPeriod Previous => Kind switch
    {
        PeriodKind.Tertial when Number == 1 => new(Year - 1, PeriodKind.Year, 0),
        PeriodKind.Tertial => this with { Number = Number - 1 },
        PeriodKind.Month when Number == 1 => new(Year - 1, PeriodKind.Month, 12),
        PeriodKind.Month => this with { Number = Number - 1 },
        _ => new(Year, PeriodKind.Tertial, 2),
    };

    public string MonthName => MonthNameOf(ThroughMonth);

    public static string MonthNameOf(int month) => MonthNames[month - 1];

    /// "tertial 2 2022 (per augusti)", "helåret 2022", "per maj 2022".
    public string Label => Kind switch
    {
        PeriodKind.Tertial => $"tertial {Number} {Year} (per {MonthName})",
        PeriodKind.Month => $"per {MonthName} {Year}",
        _ => $"helåret {Year}",
    };

    /// How a report writer refers to the period within its year: "april", "augusti", "helåret".
    public string ShortLabel => Kind == PeriodKind.Year ? "helåret" : MonthName;

    public override string ToString() => Kind switch
    {
        PeriodKind.Tertial => $"{Year}-T{Number}",
        PeriodKind.Month => $"{Year}-M{Number:00}",
        _ => $"{Year}-Y",
    };
}
