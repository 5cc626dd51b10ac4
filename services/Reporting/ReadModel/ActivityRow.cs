using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// An activity (aktivitet) under a goal.
public sealed class ActivityRow : ITenantOwned, IVersioned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid ActivityId { get; init; }
    public Guid GoalId { get; set; }
    public Guid PlanId { get; set; }
    public string Name { get; set; } = "";
    /// Null also for rows stored before start dates were kept (until the next change or a rebuild).
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// Planned, Ongoing, Delayed, Done or Cancelled.
    public string Status { get; set; } = "";
    public bool Removed { get; set; }
    public int Version { get; set; }
}
