using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Region.ServiceDefaults.Outbox;

/// One dispatcher's upkeep of its outbox, at most once a second, beside the dispatch on a
/// connection of its own: refreshes the backlog gauges (OutboxTelemetry), so a scrape never touches
/// the database, then vacuums the table if PostgreSQL counts enough dead row versions in it
/// (OutboxOptions.VacuumAfterDeadRows).
///
/// Why the dispatcher vacuums: every event leaves two dead row versions (its lease, its delete) in
/// a table that holds few live rows, and autovacuum visits a database at most once a minute
/// (autovacuum_naptime). Until then each claim walks past every dead index entry and count(*) reads
/// every dead row: delivering ~1 500 events a second, the table grew to 20 000 dead rows in 4 000
/// pages, a claim took 6-8 ms and a refresh 25-50 ms; vacuumed from
/// 2 000 dead rows, 3-4.5 ms and 2-2.6 ms, for 8-13 ms per vacuum every few seconds
/// (tests/Benchmarks/performance-notes.md, fifteenth round). SKIP_LOCKED: never waits
/// for autovacuum or another replica's vacuum. TRUNCATE false: giving the table's empty tail back
/// takes a lock that stalls every writer. A role that does not own the table gets a warning from
/// PostgreSQL and nothing is vacuumed; autovacuum still runs.
///
/// Beside the dispatch, not in its way: count(*) there held the next claim back while consumers waited.
sealed class OutboxUpkeep<TDb>(IServiceScopeFactory scopes, OutboxOptions options, ILogger logger)
    where TDb : DbContext, IOutboxDb
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    static readonly string DbName = typeof(TDb).Name;

    readonly Lock _starting = new(); // the dispatcher's concurrent rounds all call StartIfDue
    DateTimeOffset _startedAt;
    OutboxSql? _sql;

    /// The upkeep under way, or a completed task. Never faults.
    public Task Running { get; private set; } = Task.CompletedTask;

    /// Starts the upkeep unless it ran less than a second ago or is still running. Called by the
    /// dispatch rounds only, inside its SuppressInstrumentationScope, which the upkeep inherits: no
    /// trace of connect and query spans every second.
    public void StartIfDue(CancellationToken stoppingToken)
    {
        lock (_starting)
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _startedAt < Interval || !Running.IsCompleted)
                return;
            _startedAt = now;
            Running = RunAsync(stoppingToken);
        }
    }

    async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            _sql ??= OutboxSql.For(db);
            // Every tenant's rows: raw SQL, as the dispatcher has no caller and no tenant filter applies.
            var backlog = await db.Database.SqlQueryRaw<Backlog>(_sql.Backlog).SingleAsync(stoppingToken);
            OutboxTelemetry.ReportBacklog(DbName, backlog.Count, backlog.Oldest, backlog.DeadLetters);
            // The table's count, not this dispatcher's deletes: replicas, restarts and rows written
            // while no dispatcher ran all leave dead rows. Statistics reach it within a second or two.
            if (options.VacuumAfterDeadRows > 0 && backlog.DeadRows >= options.VacuumAfterDeadRows)
                await db.Database.ExecuteSqlRawAsync(_sql.Vacuum, stoppingToken);
        }
        catch (Exception ex)
        {
            // The gauges keep their last values; a database that is away is reported by the dispatch.
            if (!stoppingToken.IsCancellationRequested)
                logger.LogDebug(ex, "Outbox {DbContext} could not refresh its backlog gauges or vacuum", DbName);
        }
    }

    sealed class Backlog
    {
        public long Count { get; init; }
        public DateTimeOffset? Oldest { get; init; }
        public long DeadLetters { get; init; }
        public long DeadRows { get; init; }
    }
}
