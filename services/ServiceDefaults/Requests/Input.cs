using Region.Contracts.Periods;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Requests;

/// Checks on what a caller sent that every service makes the same way.
public static class Input
{
    /// Plans, budgets and calendars are kept for these years.
    public const int FirstYear = Period.FirstYear;
    public const int LastYear = Period.LastYear;

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;

    /// Adds a violation unless the year is one the system keeps; returns whether it is.
    public static bool CheckYear(int year, string field, Violations v) =>
        v.Check(IsValidYear(year), field, $"A year between {FirstYear} and {LastYear}.");

    /// Optional text as stored: trimmed, and null when the caller sent nothing but blanks.
    public static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// A period as region.common.v1.Period; null (with the violations added) when it is missing or
    /// not one: a year the system keeps, a kind, month 1-12 or tertial 1-3.
    public static Period? CheckPeriod(Common.V1.Period? p, string field, Violations v)
    {
        if (p is null || p.Year == 0 && p.Kind == Common.V1.PeriodKind.Unspecified)
        {
            v.Add(field, $"A period is required: year, kind and number ({Period.Forms}).");
            return null;
        }
        var ok = CheckYear(p.Year, $"{field}.year", v);
        var kind = p.Kind is Common.V1.PeriodKind.Unspecified || !Enum.IsDefined(p.Kind) ? (PeriodKind?)null : (PeriodKind)(int)p.Kind;
        if (!v.Check(kind is not null, $"{field}.kind", "Say whether the period is a month, a tertial or the year.")) return null;
        var period = Period.TryCreate(p.Year, kind!.Value, p.Number);
        if (period is null && ok)
            v.Add($"{field}.number", kind == PeriodKind.Month ? "A month from 1 to 12." : "A tertial from 1 to 3.");
        return ok ? period : null;
    }

    /// A period in its text form ("2022-T2", ...); null (with a violation) when it is not one.
    public static Period? CheckPeriod(string? text, string field, Violations v)
    {
        var period = Period.TryParse(text);
        v.Check(period is not null, field, $"A period such as {Period.Forms}; the year between {FirstYear} and {LastYear}.");
        return period;
    }
}
