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
