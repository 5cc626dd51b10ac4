namespace Region.Investments.Domain;

/// A plan's totals: overall, by kind, by category, and by unit with each unit's subtree rolled up.
public sealed record PlanTotals(Totals Total, IReadOnlyList<Totals> ByKind, IReadOnlyList<Totals> ByCategory, IReadOnlyList<Totals> ByUnit)
{
    /// units are the units that may be reported, in order (a subtree, parents first); a unit whose
    /// subtree holds no object is left out. subtreeOf gives a unit's subtree codes, itself included.
    public static PlanTotals Of(IReadOnlyList<InvestmentObject> objects, IEnumerable<string> units, Func<string, ISet<string>> subtreeOf) => new(
        Totals.Of("total", objects),
        objects.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => Totals.Of(g.Key.ToString(), g)).ToList(),
        objects.GroupBy(o => o.Category).OrderBy(g => g.Key).Select(g => Totals.Of(g.Key.ToString(), g)).ToList(),
        units.Select(u => (Unit: u, Codes: subtreeOf(u)))
            .Select(x => (x.Unit, Objects: objects.Where(o => x.Codes.Contains(o.UnitCode)).ToList()))
            .Where(x => x.Objects.Count > 0)
            .Select(x => Totals.Of(x.Unit, x.Objects)).ToList());
}
