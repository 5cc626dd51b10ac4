using Region.ServiceDefaults.Tenancy;

namespace Region.Goals.Domain;

/// A change of an activity's status; the newest is in force, the older ones are its history.
public sealed class ActivityStatusChange : ITenantOwned
{
    public const int MaxCommentLength = 1000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public Guid PlanId { get; init; }
    public Guid ActivityId { get; init; }
    public ActivityStatus Status { get; init; }
    public string? Comment { get; init; }
    public required string ChangedBy { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public int Version { get; init; }
}
