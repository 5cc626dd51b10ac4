namespace Region.Contracts.Budget;

/// Every figure rolls up the org-unit tree: a unit's total is its own value plus its children's
/// totals. One roll-up for the budget service's tree and the read models' replicas, keyed by unit
/// code (codes are unique per tenant and compared without case, as everywhere).
public static class TreeRollUp
{
    /// The total of each unit's subtree (the unit itself included). The units must come depth
    /// first, parents before children, as every Subtree listing gives them; a unit whose parent is
    /// not in the list is a root of it.
    public static Dictionary<string, T> Sum<TUnit, T>(IReadOnlyList<TUnit> depthFirst, Func<TUnit, string> code,
        Func<TUnit, string?> parentCode, Func<TUnit, T> own, Func<T, T, T> add)
    {
        var totals = depthFirst.ToDictionary(code, own, StringComparer.OrdinalIgnoreCase);
        // Walking backwards completes every subtree before it is added to its parent.
        for (var i = depthFirst.Count - 1; i >= 0; i--)
        {
            var unit = depthFirst[i];
            if (parentCode(unit) is { } parent && totals.TryGetValue(parent, out var parentTotal))
                totals[parent] = add(parentTotal, totals[code(unit)]);
        }
        return totals;
    }
}
