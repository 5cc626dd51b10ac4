using Region.Contracts.Periods;

namespace Region.Reporting.Domain;

/// What the follow-up report says about a period: the period it compares with, and the Swedish
/// words for it ("tertial 2 2022 (per augusti)").
public static class ReportPeriods
{
    static readonly string[] MonthNames =
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

    /// The period the report compares with: the tertial before, the previous month, or for the
    /// year-end the August interim report.
    public static Period Previous(this Period p) => p.Kind switch
    {
        PeriodKind.Tertial when p.Number == 1 => new(p.Year - 1, PeriodKind.Year, 0),
        PeriodKind.Tertial => p with { Number = p.Number - 1 },
        PeriodKind.Month when p.Number == 1 => new(p.Year - 1, PeriodKind.Month, 12),
        PeriodKind.Month => p with { Number = p.Number - 1 },
        _ => new(p.Year, PeriodKind.Tertial, 2),
    };

    public static string MonthName(this Period p) => MonthNameOf(p.ThroughMonth);

    public static string MonthNameOf(int month) => MonthNames[month - 1];

    /// "tertial 2 2022 (per augusti)", "helåret 2022", "per maj 2022".
    public static string Label(this Period p) => p.Kind switch
    {
        PeriodKind.Tertial => $"tertial {p.Number} {p.Year} (per {p.MonthName()})",
        PeriodKind.Month => $"per {p.MonthName()} {p.Year}",
        _ => $"helåret {p.Year}",
    };

    /// How a report writer refers to the period within its year: "april", "augusti", "helåret".
    public static string ShortLabel(this Period p) => p.Kind == PeriodKind.Year ? "helåret" : p.MonthName();

    /// A period as the read model stores it (kind by name), or null when it is not one.
    public static Period? FromStored(int year, string kind, int number) =>
        Enum.TryParse<PeriodKind>(kind, ignoreCase: false, out var k) ? Period.TryCreate(year, k, number) : null;
}
