namespace Region.Investments.Domain;

/// Sums of a group of objects; cancelled objects count nowhere. Forecast falls back to the amount.
public sealed record Totals(string Key, int Objects, long Amount, long Decided, long SpentToDate, long Forecast, long SelfFinanced, long LoanFinanced)
{
    public static Totals Of(string key, IEnumerable<InvestmentObject> objects)
    {
        var live = objects.Where(o => o.Status != InvestmentStatus.Cancelled).ToList();
        return new Totals(key, live.Count,
            live.Sum(o => o.Amount),
            live.Where(o => o.IsDecided).Sum(o => o.Amount),
            live.Sum(o => o.SpentToDate),
            live.Sum(o => o.Forecast ?? o.Amount),
            live.Where(o => o.Financing == Financing.Self).Sum(o => o.Amount),
            live.Where(o => o.Financing == Financing.Loan).Sum(o => o.Amount));
    }
}

/// A plan's totals: overall, by kind, by category, and by unit with each unit's subtree rolled up.
public sealed record PlanTotals(Totals Total, IReadOnlyList<Totals> ByKind, IReadOnlyList<Totals> ByCategory, IReadOnlyList<Totals> ByUnit)
{
    /// subtreeOf gives, for a unit code, the codes of its subtree (itself included); units lists the
    /// units to report, in order (those with objects and their ancestors).
    public static PlanTotals Of(IReadOnlyList<InvestmentObject> objects, IEnumerable<string> units, Func<string, ISet<string>> subtreeOf) => new(
        Totals.Of("total", objects),
        objects.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => Totals.Of(g.Key.ToString(), g)).ToList(),
        objects.GroupBy(o => o.Category).OrderBy(g => g.Key).Select(g => Totals.Of(g.Key.ToString(), g)).ToList(),
        units.Select(u => { var codes = subtreeOf(u); return Totals.Of(u, objects.Where(o => codes.Contains(o.UnitCode))); }).ToList());
}
