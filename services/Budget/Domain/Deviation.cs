using Region.Contracts.Budget;

namespace Region.Budget.Domain;

/// Budgetavvikelse for a year up to a month. Deviation = outcome − period budget in signed
/// amounts (revenue positive, costs negative), which is the documents' "budget − outcome" on
/// costs: positive means better than budget.
public sealed record Deviation(
    FrameAmounts AnnualBudget, FrameAmounts PeriodBudget, FrameAmounts Outcome, long? ForecastNet)
{
    public FrameAmounts Amount => Outcome - PeriodBudget;

    /// Prognosavvikelse: forecast − annual budget (net); positive means a better year than budgeted.
    public long? ForecastDeviation => ForecastNet - AnnualBudget.Net;

    public static Deviation operator +(Deviation a, Deviation b) => new(
        a.AnnualBudget + b.AnnualBudget, a.PeriodBudget + b.PeriodBudget, a.Outcome + b.Outcome,
        a.ForecastNet is null && b.ForecastNet is null ? null : (a.ForecastNet ?? 0) + (b.ForecastNet ?? 0));

    public static readonly Deviation None = new(FrameAmounts.Zero, FrameAmounts.Zero, FrameAmounts.Zero, null);
}

/// The budget of the months January..through: the annual frame spread evenly, or by the frame's weights.
public static class PeriodBudget
{
    public static FrameAmounts Through(FrameAmounts annual, IReadOnlyList<int>? weights, int throughMonth)
    {
        if (throughMonth is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(throughMonth));
        long part, whole;
        if (weights is { Count: 12 })
        {
            part = weights.Take(throughMonth).Sum(w => (long)w);
            whole = weights.Sum(w => (long)w);
        }
        else
        {
            part = throughMonth;
            whole = 12;
        }
        long Share(long amount) => (long)Math.Round((decimal)amount * part / whole, MidpointRounding.AwayFromZero);
        return new FrameAmounts(
            Share(annual.ExternalRevenue), Share(annual.InternalRevenue), Share(annual.PersonnelCosts),
            Share(annual.Pharmaceuticals), Share(annual.OtherExternalCosts), Share(annual.Depreciation),
            Share(annual.InternalCosts));
    }
}
