namespace Region.Contracts.Budget;

/// The seven columns of a budget frame (budgetram) in whole SEK: revenue positive, costs negative.
/// Shared by the budget service and the read models that roll frames up. The arithmetic is checked:
/// the budget service keeps every amount within AmountRange, so an overflow here is a bug that must
/// fail loudly rather than wrap into a plausible wrong figure.
public sealed record FrameAmounts(
    long ExternalRevenue,
    long InternalRevenue,
    long PersonnelCosts,
    long Pharmaceuticals,
    long OtherExternalCosts,
    long Depreciation,
    long InternalCosts)
{
    public static readonly FrameAmounts Zero = new(0, 0, 0, 0, 0, 0, 0);

    /// Nettobudget: the sum of the columns.
    public long Net => checked(ExternalRevenue + InternalRevenue + PersonnelCosts + Pharmaceuticals
        + OtherExternalCosts + Depreciation + InternalCosts);

    public static FrameAmounts operator +(FrameAmounts a, FrameAmounts b) => checked(new FrameAmounts(
        a.ExternalRevenue + b.ExternalRevenue, a.InternalRevenue + b.InternalRevenue,
        a.PersonnelCosts + b.PersonnelCosts, a.Pharmaceuticals + b.Pharmaceuticals,
        a.OtherExternalCosts + b.OtherExternalCosts, a.Depreciation + b.Depreciation,
        a.InternalCosts + b.InternalCosts));

    public static FrameAmounts operator -(FrameAmounts a) => checked(new FrameAmounts(
        -a.ExternalRevenue, -a.InternalRevenue, -a.PersonnelCosts, -a.Pharmaceuticals,
        -a.OtherExternalCosts, -a.Depreciation, -a.InternalCosts));

    public static FrameAmounts operator -(FrameAmounts a, FrameAmounts b) => a + -b;

    public bool IsZero => this == Zero;

    /// The columns in table order, with their names as used on the wire and in findings.
    public IEnumerable<(BudgetColumn Column, long Amount)> Columns()
    {
        yield return (BudgetColumn.ExternalRevenue, ExternalRevenue);
        yield return (BudgetColumn.InternalRevenue, InternalRevenue);
        yield return (BudgetColumn.PersonnelCosts, PersonnelCosts);
        yield return (BudgetColumn.Pharmaceuticals, Pharmaceuticals);
        yield return (BudgetColumn.OtherExternalCosts, OtherExternalCosts);
        yield return (BudgetColumn.Depreciation, Depreciation);
        yield return (BudgetColumn.InternalCosts, InternalCosts);
    }

    public long this[BudgetColumn column] => column switch
    {
        BudgetColumn.ExternalRevenue => ExternalRevenue,
        BudgetColumn.InternalRevenue => InternalRevenue,
        BudgetColumn.PersonnelCosts => PersonnelCosts,
        BudgetColumn.Pharmaceuticals => Pharmaceuticals,
        BudgetColumn.OtherExternalCosts => OtherExternalCosts,
        BudgetColumn.Depreciation => Depreciation,
        BudgetColumn.InternalCosts => InternalCosts,
        BudgetColumn.Net => Net,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// A frame with only one column set.
    public static FrameAmounts Of(BudgetColumn column, long amount) => column switch
    {
        BudgetColumn.ExternalRevenue => Zero with { ExternalRevenue = amount },
        BudgetColumn.InternalRevenue => Zero with { InternalRevenue = amount },
        BudgetColumn.PersonnelCosts => Zero with { PersonnelCosts = amount },
        BudgetColumn.Pharmaceuticals => Zero with { Pharmaceuticals = amount },
        BudgetColumn.OtherExternalCosts => Zero with { OtherExternalCosts = amount },
        BudgetColumn.Depreciation => Zero with { Depreciation = amount },
        BudgetColumn.InternalCosts => Zero with { InternalCosts = amount },
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "only the seven frame columns can be set"),
    };

    public static FrameAmounts Sum(IEnumerable<FrameAmounts> amounts) => amounts.Aggregate(Zero, (a, b) => a + b);
}

/// The columns of the 2022 frame table, in its order; Net is their sum.
public enum BudgetColumn
{
    ExternalRevenue = 1,
    InternalRevenue = 2,
    PersonnelCosts = 3,
    Pharmaceuticals = 4,
    OtherExternalCosts = 5,
    Depreciation = 6,
    InternalCosts = 7,
    Net = 8,
}
