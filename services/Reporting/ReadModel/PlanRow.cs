using Region.Contracts.Goals;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A body's plan for a year (the revision last announced).
public sealed class PlanRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public string BodyCode { get; set; } = "";
    public int Year { get; set; }
    public string Name { get; set; } = "";
    public string? CaseNumber { get; set; }
    public int Revision { get; set; }
    /// The plan's words for its levels and statuses; null from a plan announced before vocabularies (the default).
    public PlanVocabulary? Vocabulary { get; set; }
    public int Version { get; set; }
}
