using Microsoft.EntityFrameworkCore;

namespace Region.ServiceDefaults.Outbox;

/// Implemented by a service's DbContext so that its changes and their events commit together.
public interface IOutboxDb
{
    DbSet<OutboxMessage> OutboxMessages { get; }
}
