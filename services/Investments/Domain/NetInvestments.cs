using System.Globalization;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Investments.Domain;

/// Nettoinvesteringar: the investments of each year of a range, every year named even when it has none.
public static class NetInvestments
{
    public const int MaxYears = 50;

    /// Both years kept by the system, in order, and at most MaxYears of them.
    public static void ValidateRange(int fromYear, int toYear, Violations v)
    {
        var fromOk = Input.CheckYear(fromYear, "from_year", v);
        var toOk = Input.CheckYear(toYear, "to_year", v);
        if (fromOk && toOk && v.Check(fromYear <= toYear, "to_year", "Not before from_year."))
            v.Check(toYear - fromYear < MaxYears, "to_year", $"At most {MaxYears} years at once.");
    }

    /// One Totals per year from fromYear to toYear, keyed by the year.
    public static IReadOnlyList<(int Year, Totals Totals)> PerYear(int fromYear, int toYear, IReadOnlyList<InvestmentObject> objects)
    {
        var byYear = objects.ToLookup(o => o.Year);
        return Enumerable.Range(fromYear, toYear - fromYear + 1)
            .Select(year => (year, Totals.Of(year.ToString(CultureInfo.InvariantCulture), byYear[year])))
            .ToList();
    }
}
