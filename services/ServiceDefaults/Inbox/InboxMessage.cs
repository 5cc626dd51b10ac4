using Microsoft.EntityFrameworkCore;

namespace Region.ServiceDefaults.Inbox;

/// One event a consumer has applied: its row commits in the same transaction as the change, so a
/// redelivered event finds it and changes nothing. Keyed by (event id, consumer) because one event
/// may feed several consumers of the same service.
public sealed class InboxMessage
{
    public Guid EventId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}

/// Implemented by a service's DbContext whose consumers must be idempotent.
public interface IInboxDb
{
    DbSet<InboxMessage> InboxMessages { get; }
}
