using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A unit's forecast (prognos) of its net for the full year.
public sealed class ForecastRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string UnitCode { get; init; }
    public int Year { get; init; }
    public long Net { get; set; }
    public string? Comment { get; set; }
    public int Version { get; set; }
    /// Made-up example data (BudgetForecastRecorded.Invented): the report says so.
    public bool Invented { get; set; }
}
