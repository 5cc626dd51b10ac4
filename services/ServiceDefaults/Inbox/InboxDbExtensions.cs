using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Region.ServiceDefaults.Inbox;

/// How a service maps the inbox table and applies an event exactly once.
public static class InboxDbExtensions
{
    public const int MaxConsumerLength = 200;

    /// Maps <see cref="InboxMessage"/> to <c>inbox_messages</c>; call from OnModelCreating.
    public static ModelBuilder AddInbox(this ModelBuilder mb)
    {
        mb.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.EventId, m.Consumer });
            e.Property(m => m.EventId).HasColumnName("event_id");
            e.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(MaxConsumerLength);
            e.Property(m => m.ProcessedAt).HasColumnName("processed_at");
            e.HasIndex(m => m.ProcessedAt); // the clean-up deletes by age
        });
        return mb;
    }

    /// Runs <paramref name="apply"/> and records the event in one transaction, unless this consumer
    /// has already applied it. Returns false for a duplicate. Two deliveries racing each other both
    /// pass the check, but only one commits: the other fails on the primary key, is retried by the
    /// bus and then finds the row.
    public static Task<bool> ApplyOnceAsync<TDb>(this TDb db, Guid eventId, string consumer,
        Func<CancellationToken, Task> apply, CancellationToken ct)
        where TDb : DbContext, IInboxDb => ApplyOnceAsync(db, db, eventId, consumer, apply, ct);

    /// The same for code that holds the DbContext and its inbox apart (a consumer generic over any
    /// DbContext that uses the inbox only where the service has one).
    public static Task<bool> ApplyOnceAsync(DbContext db, IInboxDb inbox, Guid eventId, string consumer,
        Func<CancellationToken, Task> apply, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        if (consumer.Length > MaxConsumerLength) consumer = consumer[..MaxConsumerLength];
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await inbox.InboxMessages.AnyAsync(m => m.EventId == eventId && m.Consumer == consumer, ct))
                return false;
            await apply(ct);
            inbox.InboxMessages.Add(new InboxMessage { EventId = eventId, Consumer = consumer, ProcessedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }
}
