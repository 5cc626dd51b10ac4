namespace Region.Budget.Domain;

/// A tenant's budget year; once closed, its frames, financing, outcomes and forecasts are final.
public sealed class BudgetYear : Region.ServiceDefaults.Tenancy.ITenantOwned
{
    public string Tenant { get; set; } = "";
    public int Year { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    public bool IsClosed => ClosedAt is not null;

    /// Why the year cannot be closed, or null when it can: it closes once.
    public string? WhyNotClose() => IsClosed ? $"{Year} was already closed on {ClosedAt:yyyy-MM-dd} by {ClosedBy}." : null;

    public void Close(string by, DateTimeOffset at)
    {
        ClosedAt = at;
        ClosedBy = by;
    }
}
