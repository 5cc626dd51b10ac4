using Region.Contracts.Events;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// An imported frame table and the stated figures that did not add up; added once, by import id.
public sealed class FrameTableImportRow : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ImportId { get; init; }
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
    public List<FrameTableFinding> Findings { get; init; } = [];
}
