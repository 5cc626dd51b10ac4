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
        consumer = ConsumerKey(consumer);
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

    /// The consumer's name as the inbox keeps it (at most MaxConsumerLength characters).
    public static string ConsumerKey(string consumer)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        return consumer.Length > MaxConsumerLength ? consumer[..MaxConsumerLength] : consumer;
    }

    /// Records many events in the inbox in one statement, inside the caller's transaction (one
    /// that applies them all, or none); returns those not recorded before: the ones to apply.
    /// Each consumer is a ConsumerKey. The rows are written in key order, so two such statements
    /// sharing keys wait for each other instead of deadlocking.
    public static async Task<IReadOnlySet<(Guid EventId, string Consumer)>> RecordManyAsync<TDb>(this TDb db,
        IReadOnlyList<(Guid EventId, string Consumer)> events, CancellationToken ct)
        where TDb : DbContext, IInboxDb
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Events are recorded in the transaction that applies them.");
        var ids = events.Select(e => e.EventId).ToArray();
        var consumers = events.Select(e => e.Consumer).ToArray();
        var recorded = await db.Database.SqlQueryRaw<RecordedEvent>(RecordManySql(db), ids, consumers, DateTimeOffset.UtcNow).ToListAsync(ct);
        return recorded.Select(r => (r.EventId, r.Consumer)).ToHashSet();
    }

    sealed record RecordedEvent(Guid EventId, string Consumer);

    // {0} event id, {1} consumer, {2} processed at; the table's name from the model, so a service's schema is honoured.
    static string RecordSql(DbContext db) =>
        $"INSERT INTO {Table(db)} (event_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";

    // {0} event ids, {1} consumers (arrays of one length), {2} processed at.
    static string RecordManySql(DbContext db) => $$"""
        INSERT INTO {{Table(db)}} (event_id, consumer, processed_at)
        SELECT e, c, {2} FROM unnest({0}::uuid[], {1}::text[]) AS u(e, c) ORDER BY e, c
        ON CONFLICT DO NOTHING
        RETURNING event_id AS "EventId", consumer AS "Consumer"
        """;

    static string Table(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the inbox; call modelBuilder.AddInbox() in OnModelCreating");
        return db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }
}
