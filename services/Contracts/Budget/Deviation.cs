namespace Region.Contracts.Budget;

/// Budgetavvikelse for a year up to a month. Deviation = outcome − period budget in signed
/// amounts (revenue positive, costs negative), which is the documents' "budget − outcome" on
/// costs: positive means better than budget. The one deviation arithmetic of the budget service
/// and the reporting read model.
public sealed record Deviation(
    FrameAmounts AnnualBudget, FrameAmounts PeriodBudget, FrameAmounts Outcome, long? ForecastNet)
{
    public FrameAmounts Amount => Outcome - PeriodBudget;

    /// Prognosavvikelse: forecast − annual budget (net); positive means a better year than budgeted.
    public long? ForecastDeviation => checked(ForecastNet - AnnualBudget.Net);

    public static Deviation operator +(Deviation a, Deviation b) => new(
        a.AnnualBudget + b.AnnualBudget, a.PeriodBudget + b.PeriodBudget, a.Outcome + b.Outcome,
        a.ForecastNet is null && b.ForecastNet is null ? null : checked((a.ForecastNet ?? 0) + (b.ForecastNet ?? 0)));

    public static readonly Deviation None = new(FrameAmounts.Zero, FrameAmounts.Zero, FrameAmounts.Zero, null);

    /// One unit's own figures through a month; a unit without a frame has no budget, one without
    /// outcomes has spent nothing.
    public static Deviation Through(int throughMonth, FrameAmounts? annual, IReadOnlyList<int>? weights, FrameAmounts? outcome, long? forecastNet)
    {
        var budget = annual ?? FrameAmounts.Zero;
        return new(budget, Budget.PeriodBudget.Through(budget, weights, throughMonth), outcome ?? FrameAmounts.Zero, forecastNet);
    }
}

/// The budget of the months January..through: the annual frame spread evenly, or by the frame's
/// weights. Each column is rounded to whole kronor on its own; the net is the sum of the rounded columns.
public static class PeriodBudget
{
    public static FrameAmounts Through(FrameAmounts annual, IReadOnlyList<int>? weights, int throughMonth)
    {
        if (throughMonth is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(throughMonth));
        var (part, whole) = weights is { Count: 12 }
            ? (weights.Take(throughMonth).Sum(w => (long)w), weights.Sum(w => (long)w))
            : (throughMonth, 12L);
        // Weights adding up to nothing spread nothing (the budget service refuses them; a read model may still hold them).
        long Share(long amount) => whole == 0 ? 0 : (long)Math.Round((decimal)amount * part / whole, MidpointRounding.AwayFromZero);
        return new FrameAmounts(
            Share(annual.ExternalRevenue), Share(annual.InternalRevenue), Share(annual.PersonnelCosts),
            Share(annual.Pharmaceuticals), Share(annual.OtherExternalCosts), Share(annual.Depreciation),
            Share(annual.InternalCosts));
    }
}
