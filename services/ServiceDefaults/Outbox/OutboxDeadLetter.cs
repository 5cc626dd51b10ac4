using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Outbox;

/// An outbox row that failed <see cref="OutboxOptions.MaxAttempts"/> times for a reason of its own
/// (an event type no longer known, an unreadable payload, a message the broker refuses). Moved here
/// in the transaction that deletes it from the outbox, so it is never lost and no longer retried;
/// an admin replays or discards it (DeadLetterService).
public sealed class OutboxDeadLetter : ITenantOwned
{
    public long Id { get; set; }
    /// The tenant named in the event's payload (empty when the payload names none).
    public string Tenant { get; set; } = "";
    public Guid MessageId { get; set; }
    public string MessageType { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    /// When the event was written to the outbox, i.e. when the change committed.
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string LastError { get; set; } = "";
    public DateTimeOffset DeadLetteredAt { get; set; }
}
