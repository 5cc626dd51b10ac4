namespace Region.ServiceDefaults.Outbox;

/// One integration event waiting to be published; written in the same transaction as the change
/// that caused it and deleted once RabbitMQ has confirmed it.
public sealed class OutboxMessage
{
    /// Identity; publishing follows it, so events leave in commit order (best effort, see OutboxDispatcher).
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    /// The event's CLR type (FullName), resolved again when publishing.
    public string MessageType { get; set; } = "";
    /// The event as System.Text.Json with web defaults (camelCase), stored as jsonb.
    public string Payload { get; set; } = "";
    /// W3C trace context of the change, so the publish and the consumers join its trace.
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// Null means "due now"; set after a failed attempt to back off.
    public DateTimeOffset? NextAttemptAt { get; set; }
}
