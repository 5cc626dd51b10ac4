using Region.Contracts.Events;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A body's financing for a year (finansförvaltning: tax revenue, state grants, financial items).
public sealed class FinancingRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public FinancingData Amounts { get; set; } = new(0, 0, 0, 0, 0);
    public int Version { get; set; }
}
