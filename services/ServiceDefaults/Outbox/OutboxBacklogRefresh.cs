using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Region.ServiceDefaults.Outbox;

/// Feeds one dispatcher's backlog gauges (OutboxTelemetry) at most once a second, so a scrape never
/// touches the database. Beside the dispatch, on a connection of its own: count(*) reads every row
/// the table still holds, deleted ones too until vacuum gets to them (15-45 ms after a busy
/// minute), and in the dispatch's way that held the next claim back while consumers waited.
sealed class OutboxBacklogRefresh<TDb>(IServiceScopeFactory scopes, ILogger logger)
    where TDb : DbContext, IOutboxDb
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    static readonly string DbName = typeof(TDb).Name;

    readonly Lock _starting = new(); // the dispatcher's concurrent rounds all call StartIfDue
    DateTimeOffset _startedAt;
    string? _sql;

    /// The refresh under way, or a completed task. Never faults.
    public Task Running { get; private set; } = Task.CompletedTask;

    /// Starts a refresh unless one ran less than a second ago or is still running. Called by the
    /// dispatch rounds only, inside its SuppressInstrumentationScope, which the refresh inherits: no
    /// trace of connect and query spans every second.
    public void StartIfDue(CancellationToken stoppingToken)
    {
        lock (_starting)
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _startedAt < Interval || !Running.IsCompleted)
                return;
            _startedAt = now;
            Running = RefreshAsync(stoppingToken);
        }
    }

    async Task RefreshAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            _sql ??= OutboxSql.For(db).Backlog;
            // Every tenant's rows: raw SQL, as the dispatcher has no caller and no tenant filter applies.
            var backlog = await db.Database.SqlQueryRaw<Backlog>(_sql).SingleAsync(stoppingToken);
            OutboxTelemetry.ReportBacklog(DbName, backlog.Count, backlog.Oldest, backlog.DeadLetters);
        }
        catch (Exception ex)
        {
            // The gauges keep their last values; a database that is away is reported by the dispatch.
            if (!stoppingToken.IsCancellationRequested)
                logger.LogDebug(ex, "Outbox {DbContext} could not refresh its backlog gauges", DbName);
        }
    }

    sealed class Backlog
    {
        public long Count { get; init; }
        public DateTimeOffset? Oldest { get; init; }
        public long DeadLetters { get; init; }
    }
}
