namespace Region.Budget.Domain;

/// A tenant's budget year; once closed, its frames, financing, outcomes and forecasts are final.
public sealed class BudgetYear : Region.ServiceDefaults.Tenancy.ITenantOwned
{
    public string Tenant { get; set; } = "";
    public int Year { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    public bool IsClosed => ClosedAt is not null;

    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;
}
