using Region.Contracts.Periods;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// An indicator's outcome for one period (indikator: followed as a time series, no target), with
/// the indicator's name and unit as the event carried them.
public sealed class IndicatorOutcomeRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid IndicatorId { get; init; }
    public Guid PlanId { get; set; }
    public string Name { get; set; } = "";
    public string? Unit { get; set; }
    public int Year { get; init; }
    public PeriodKind PeriodKind { get; init; }
    public int PeriodNumber { get; init; }
    public decimal? Total { get; set; }
    public decimal? Women { get; set; }
    public decimal? Men { get; set; }
    public int Version { get; set; }
}
