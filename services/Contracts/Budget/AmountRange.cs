namespace Region.Contracts.Budget;

/// The amounts the budget service accepts and keeps, in whole SEK either way of zero.
///
/// Ten thousand billion kronor per column is a thousand times the largest Swedish region's yearly
/// budget, and small enough that nothing the service adds up can overflow an int64: a net is seven
/// columns (7·10^13), a deviation twice that, and a roll-up over the largest tree
/// (OrgUnit.MaxPerTenant, 10 000 units) stays below 1.4·10^18 of the 9.2·10^18 a long holds.
public static class AmountRange
{
    /// A column of a frame, a ledger entry, a month's outcome, a financing component; and what a
    /// frame, its ledger and a unit's year of outcomes add up to per column.
    public const long MaxColumn = 10_000_000_000_000;

    /// A net or a stated total: a forecast, a printed row's net, a printed sum.
    public const long MaxNet = 7 * MaxColumn;

    public static bool Holds(long amount, long max = MaxColumn) => amount >= -max && amount <= max;

    /// The first column outside ±MaxColumn, or null when every column is inside.
    public static BudgetColumn? FirstOutside(FrameAmounts amounts) =>
        amounts.Columns().Where(c => !Holds(c.Amount)).Select(c => (BudgetColumn?)c.Column).FirstOrDefault();

    /// "10 000 000 000 000", for messages.
    public static string Show(long max) => max.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ');
}
