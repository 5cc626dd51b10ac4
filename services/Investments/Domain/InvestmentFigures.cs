using Region.ServiceDefaults.Errors;

namespace Region.Investments.Domain;

/// The money figures of an object (amount, spending to date, forecast): whole SEK in a documented
/// range, and the region's figures in all bounded far inside int64, so every total built from them
/// (a plan's, a unit's over all years) is exact. A write that would pass the bound is refused.
public static class InvestmentFigures
{
    /// 10^15 SEK (a million MSEK) per figure; the seed's largest object is 9,6 MSEK.
    public const long MaxAmount = 1_000_000_000_000_000;

    /// 10^17 SEK for all figures of a region together. Every Totals field sums at most twice that
    /// (a forecast falls back to the amount), and concurrent writes that each passed the check can
    /// only overshoot by a few MaxAmounts: int64 (9,2 × 10^18) is never reached.
    public const long MaxRegionTotal = 100 * MaxAmount;

    public const long MaxAmountKsek = MaxAmount / 1000;

    /// What an object adds to the region's total.
    public static long Weight(InvestmentObject o) => o.Amount + o.SpentToDate + (o.Forecast ?? 0);

    /// An amount of an object: from 1 SEK up to MaxAmount, or from 0 when zero is allowed (spending, forecasts).
    public static bool CheckAmount(long sek, string field, Violations v, bool zeroAllowed = false) =>
        v.Check(sek >= (zeroAllowed ? 0 : 1) && sek <= MaxAmount, field,
            $"From {(zeroAllowed ? 0 : 1)} to {MaxAmount} SEK (10^15).");

    /// A table row's amount in kSEK: from 1 up to MaxAmountKsek.
    public static bool CheckKsek(long ksek, string field, Violations v) =>
        v.Check(ksek is >= 1 and <= MaxAmountKsek, field, $"From 1 to {MaxAmountKsek} kSEK (10^12).");

    /// FAILED_PRECONDITION when replacing figures weighing `before` with ones weighing `after`
    /// would take the region's total (now `current`, before included) past MaxRegionTotal.
    public static void EnsureRegionTotal(decimal current, long before, long after)
    {
        if (after > before && current - before + after > MaxRegionTotal)
            throw new FailedPreconditionException(
                $"The region's investment figures would total more than {MaxRegionTotal} SEK (10^17), the most the service keeps exact totals for.");
    }
}
