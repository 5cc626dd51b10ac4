using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A goal (mål) or assignment (uppdrag) of a plan.
public sealed class GoalRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid GoalId { get; init; }
    public Guid PlanId { get; set; }
    public string BodyCode { get; set; } = "";
    public int Year { get; set; }
    /// Goal or Assignment.
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string? GoalAreaName { get; set; }
    public string? ResponsibleUnitCode { get; set; }
    public bool IsFinancialGoal { get; set; }
    public string? TargetText { get; set; }
    /// The GoalId of the assignment this goal sits under, if any.
    public Guid? AssignmentId { get; set; }
    public bool Removed { get; set; }
    public int Version { get; set; }
}
