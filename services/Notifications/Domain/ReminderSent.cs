using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Domain;

/// That one reminder stage of one body's period was published for one person: the unique key
/// (tenant, body, period, stage, person) is what keeps it at most once, whichever scheduler
/// instance runs the job and however often.
public sealed class ReminderSent : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public required string Period { get; init; }
    /// Days before the deadline, or ReminderStage.OverdueKey for the notice after it.
    public int Stage { get; init; }
    /// The owner's address, lower case.
    public required string PersonEmail { get; init; }
    public Guid EventId { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
}
