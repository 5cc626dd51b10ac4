using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Region.ServiceDefaults.Outbox;

/// The dispatcher's raw statements, with table names from the model so a service's default
/// schema is honoured. Built once per DbContext type.
sealed class OutboxSql
{
    public required string Claim { get; init; }
    public required string MoveToDeadLetters { get; init; }
    public required string Backlog { get; init; }
    public required string Vacuum { get; init; }

    public static OutboxSql For(DbContext db)
    {
        var outbox = Table(db, typeof(OutboxMessage));
        var deadLetters = Table(db, typeof(OutboxDeadLetter));
        return new OutboxSql
        {
            // {0} lease end, {1} now, {2} batch size. The lease is written into next_attempt_at: a
            // leased row, like a backed-off one, is simply not due yet. The batch is picked in a
            // MATERIALIZED CTE, run once: as "WHERE id IN (SELECT ... LIMIT ... FOR UPDATE SKIP
            // LOCKED)", a plan cached while the table was empty (estimate: one row) joined every
            // row of the table to the subquery run again for each, 30-300 ms per claim once the
            // table held a few thousand rows (tests/Benchmarks/performance-notes.md, fifteenth round).
            Claim = $$"""
                WITH batch AS MATERIALIZED (
                    SELECT id FROM {{outbox}}
                    WHERE next_attempt_at IS NULL OR next_attempt_at <= {1}
                    ORDER BY id
                    LIMIT {2}
                    FOR UPDATE SKIP LOCKED)
                UPDATE {{outbox}} AS o SET next_attempt_at = {0}
                FROM batch WHERE o.id = batch.id
                RETURNING o.*
                """,
            // {0} id, {1} attempts, {2} last error, {3} the caller's lease. Copies nothing when the lease
            // is no longer on the row (another dispatcher has meanwhile claimed, sent or moved it); the
            // caller deletes what it copied in the same transaction.
            MoveToDeadLetters = $$"""
                INSERT INTO {{deadLetters}} (tenant, message_id, message_type, payload, trace_parent, trace_state,
                                             created_at, attempts, last_error, dead_lettered_at)
                SELECT coalesce(left(payload->>'tenant', 64), ''), message_id, message_type, payload, trace_parent, trace_state,
                       created_at, {1}, {2}, now()
                FROM {{outbox}} WHERE id = {0} AND next_attempt_at = {3}
                """,
            // The three backlog gauges and, for OutboxUpkeep's vacuum, PostgreSQL's count of dead row
            // versions in the outbox (0 before its first statistics), in one round trip.
            Backlog = $"""
                SELECT (SELECT count(*) FROM {outbox}) AS "Count",
                       (SELECT min(created_at) FROM {outbox}) AS "Oldest",
                       (SELECT count(*) FROM {deadLetters}) AS "DeadLetters",
                       coalesce((SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = '{outbox}'::regclass), 0) AS "DeadRows"
                """,
            // Why and why these options: OutboxUpkeep.
            Vacuum = $"VACUUM (SKIP_LOCKED, TRUNCATE false) {outbox}",
        };
    }

    static string Table(DbContext db, Type entityType)
    {
        var entity = db.Model.FindEntityType(entityType)
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the outbox; call modelBuilder.AddOutbox() in OnModelCreating");
        return db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }
}
