namespace Region.Reporting.Domain;

/// Whether amounts can be added up, in any grouping and with any signs, without leaving an int64.
/// The report checks what it is about to add before adding anything, so a read model that holds
/// absurd amounts gives a report that says a figure is out of range instead of one that fails.
public static class AmountSums
{
    /// A quarter of int64's range: every sum of a subset of the amounts (a unit, a roll-up, a
    /// deviation), and the difference of two such sums (a month's change), stays inside it.
    public const long Limit = long.MaxValue / 4;

    public static bool CanAddUp(IEnumerable<long> amounts) => CanAddUp(amounts, 0);

    /// The same, on top of amounts whose absolute values the database has already added up (<paramref name="magnitude"/>).
    public static bool CanAddUp(IEnumerable<long> amounts, decimal magnitude)
    {
        if (magnitude > Limit) return false;
        Int128 sum = (Int128)(long)magnitude;
        foreach (var amount in amounts)
        {
            sum += Int128.Abs(amount);
            if (sum > Limit) return false;
        }
        return true;
    }
}
