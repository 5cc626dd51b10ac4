using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Region.ServiceDefaults.Data;

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
    /// sharing keys wait for each other instead of deadlocking. <paramref name="stopIf"/> is a
    /// query run first, in the same round trip: when it finds a row, the result is null and the
    /// caller rolls the transaction back (the events are recorded by then).
    public static async Task<IReadOnlySet<(Guid EventId, string Consumer)>?> RecordManyUnlessAsync<TDb>(this TDb db,
        NpgsqlBatchCommand stopIf, IReadOnlyList<(Guid EventId, string Consumer)> events, CancellationToken ct)
        where TDb : DbContext, IInboxDb
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Events are recorded in the transaction that applies them.");
        var record = new NpgsqlBatchCommand(RecordManySql(db))
        {
            Parameters =
            {
                new() { Value = events.Select(e => e.EventId).ToArray() },
                new() { Value = events.Select(e => e.Consumer).ToArray() },
                new() { Value = DateTimeOffset.UtcNow },
            },
        };
        await using var batch = RowStatement.Batch(db, [stopIf, record]);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var stop = await reader.ReadAsync(ct);
        await reader.NextResultAsync(ct);
        var recorded = new HashSet<(Guid, string)>();
        while (await reader.ReadAsync(ct)) recorded.Add((reader.GetGuid(0), reader.GetString(1)));
        return stop ? null : recorded;
    }

    // {0} event id, {1} consumer, {2} processed at; the table's name from the model, so a service's schema is honoured.
    static string RecordSql(DbContext db) =>
        $"INSERT INTO {Table(db)} (event_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";

    // $1 event ids, $2 consumers (arrays of one length), $3 processed at.
    static string RecordManySql(DbContext db) => $"""
        INSERT INTO {Table(db)} (event_id, consumer, processed_at)
        SELECT e, c, $3 FROM unnest($1::uuid[], $2::text[]) AS u(e, c) ORDER BY e, c
        ON CONFLICT DO NOTHING
        RETURNING event_id, consumer
        """;

    static string Table(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the inbox; call modelBuilder.AddInbox() in OnModelCreating");
        return db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }
}
