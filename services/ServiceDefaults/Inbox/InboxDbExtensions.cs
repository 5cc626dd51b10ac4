using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
    /// has already applied it. Returns false for a duplicate. The inbox row is written first, so a
    /// second delivery racing the first waits on its key until the first commits and then finds it
    /// (a duplicate), or takes over if the first rolled back: neither fails into the bus's retries.
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
        var record = RecordSql(db);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Database.ExecuteSqlRawAsync(record, [eventId, consumer, DateTimeOffset.UtcNow], ct) == 0)
                return false;
            // The transaction rolls back whole on any failure, so EF's savepoint around each
            // SaveChanges inside it would only add two round trips per event.
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await apply(ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
            return true;
        });
    }

    // {0} event id, {1} consumer, {2} processed at; the table's name from the model, so a service's schema is honoured.
    static string RecordSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the inbox; call modelBuilder.AddInbox() in OnModelCreating");
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        return $"INSERT INTO {table} (event_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";
    }
}
