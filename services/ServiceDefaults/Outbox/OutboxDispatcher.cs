using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Region.ServiceDefaults.Outbox;

/// Publishes the outbox rows of <typeparamref name="TDb"/> to RabbitMQ and deletes each one once
/// the broker has confirmed it; a failed row stays, backs off and is tried again, never dropped.
///
/// Replicas: rows are claimed with FOR UPDATE SKIP LOCKED inside the transaction that deletes them,
/// so two dispatchers on one database never publish the same row. Order is by id within a batch;
/// across replicas and around backed-off rows it is best effort (consumers must not depend on it).
/// Delivery is at least once: a crash between the broker's confirm and the commit publishes the
/// row again, which is why the message id is the event id and consumers deduplicate on it.
///
/// Publisher confirms: MassTransit's RabbitMQ host settings default to PublisherConfirmation = true
/// (checked in MassTransit 8.5 source and by OutboxPublisherConfirmTests), so Publish completes only
/// after the broker has acknowledged the message. Services must not switch it off.
public sealed class OutboxDispatcher<TDb>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal<TDb> signal,
    IOptionsMonitor<OutboxOptions> optionsMonitor,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService
    where TDb : DbContext, IOutboxDb
{
    static readonly string DbName = typeof(TDb).Name;
    static readonly TimeSpan BacklogRefreshInterval = TimeSpan.FromSeconds(1);
    const int MaxErrorLength = 2000;

    readonly OutboxOptions _options = optionsMonitor.Get(DbName);
    string? _claimSql;
    DateTimeOffset _backlogRefreshedAt;

    enum BatchResult { Drained, Full, PublishFailed, DatabaseFailed }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var databaseFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            BatchResult result;
            try
            {
                result = await DispatchBatchAsync(stoppingToken);
                if (databaseFailures > 0)
                    logger.LogInformation("Outbox {DbContext} is dispatching again", DbName);
                databaseFailures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Almost always the database is unreachable: say so once, then retry quietly until it is back.
                if (databaseFailures++ == 0)
                    logger.LogError(ex, "Outbox {DbContext} cannot dispatch; retrying with back-off up to {MaxRetryDelay}", DbName, _options.MaxRetryDelay);
                result = BatchResult.DatabaseFailed;
            }

            switch (result)
            {
                case BatchResult.Full:
                    continue;
                case BatchResult.PublishFailed:
                    // Ignore wake-ups: every commit must not hammer a broker that just failed.
                    await Task.Delay(_options.PollInterval, stoppingToken);
                    break;
                case BatchResult.DatabaseFailed:
                    // Back off (EF logs every failed attempt), but a wake-up means a commit just
                    // succeeded, so the database is back: try at once.
                    await signal.WaitAsync(_options.RetryDelay(databaseFailures), stoppingToken);
                    break;
                default:
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                    break;
            }
        }
    }

    async Task<BatchResult> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        // The dispatcher's own database work would otherwise be a new trace of connect/query spans at
        // every poll; only the publish, which continues the change's trace, is recorded (TryPublishAsync).
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        // Through the execution strategy so a service may use EnableRetryOnFailure, which forbids a
        // bare BeginTransaction; a retry re-claims the same rows (at least once, as above).
        var result = await db.Database.CreateExecutionStrategy()
            .ExecuteAsync(() => ClaimAndPublishAsync(db, stoppingToken));
        await RefreshBacklogAsync(db, stoppingToken);
        return result;
    }

    async Task<BatchResult> ClaimAndPublishAsync(TDb db, CancellationToken stoppingToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
        var rows = await db.OutboxMessages
            .FromSqlRaw(ClaimSql(db), DateTimeOffset.UtcNow, _options.BatchSize)
            .AsTracking()
            .ToListAsync(stoppingToken);

        var result = rows.Count == _options.BatchSize ? BatchResult.Full : BatchResult.Drained;
        foreach (var row in rows)
        {
            if (stoppingToken.IsCancellationRequested)
                break;
            if (!await TryPublishAsync(row, stoppingToken))
            {
                // Stop here: later rows wait for the next round instead of overtaking this one now.
                result = BatchResult.PublishFailed;
                break;
            }
            db.OutboxMessages.Remove(row);
        }

        // Not cancellable: what the broker has confirmed must be recorded even while the host stops.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    async Task<bool> TryPublishAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        using var traced = SuppressInstrumentationScope.Begin(false);
        // Continue the trace of the change: MassTransit's send activity becomes a child of this one
        // and writes the traceparent header the consumers continue from.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = OutboxTelemetry.Source.StartActivity(
            $"outbox publish {row.MessageType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());

        var type = OutboxMessageTypes.Resolve(row.MessageType);
        if (type is null)
            return Failed(row, activity, $"Unknown message type {row.MessageType}", LogLevel.Error);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            var message = JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web)
                ?? throw new JsonException("The payload is null");
            await bus.Publish(message, type,
                Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), timeout.Token);
            OutboxTelemetry.Published.Add(1, OutboxTelemetry.Tag(DbName));
            return true;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return false; // shutting down: not a failure of the row, it stays as it was
        }
        catch (JsonException ex)
        {
            return Failed(row, activity, $"Unreadable payload: {ex.Message}", LogLevel.Error);
        }
        catch (Exception ex)
        {
            var error = timeout.IsCancellationRequested
                ? $"No confirm from the broker within {_options.PublishTimeout.TotalSeconds:0.#} s ({ex.GetType().Name})"
                : $"{ex.GetType().Name}: {ex.Message}";
            return Failed(row, activity, error, LogLevel.Warning);
        }
    }

    bool Failed(OutboxMessage row, Activity? activity, string error, LogLevel level)
    {
        row.Attempts++;
        row.LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        var delay = _options.RetryDelay(row.Attempts);
        row.NextAttemptAt = DateTimeOffset.UtcNow + delay;

        activity?.SetStatus(ActivityStatusCode.Error, error);
        OutboxTelemetry.PublishFailures.Add(1, OutboxTelemetry.Tag(DbName));
        logger.Log(level,
            "Outbox {DbContext} could not publish {MessageType} {MessageId} (attempt {Attempts}); retrying in {RetryDelay}: {Error}",
            DbName, row.MessageType, row.MessageId, row.Attempts, delay, error);
        return false;
    }

    // Feeds the backlog gauges at most once a second, so scrapes never touch the database.
    async Task RefreshBacklogAsync(TDb db, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _backlogRefreshedAt < BacklogRefreshInterval)
            return;
        _backlogRefreshedAt = now;
        var count = await db.OutboxMessages.LongCountAsync(stoppingToken);
        var oldest = await db.OutboxMessages.MinAsync(m => (DateTimeOffset?)m.CreatedAt, stoppingToken);
        OutboxTelemetry.ReportBacklog(DbName, count, oldest);
    }

    // Table name from the model, so a service's default schema is honoured.
    string ClaimSql(TDb db)
    {
        if (_claimSql is not null)
            return _claimSql;
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{DbName} does not map the outbox; call modelBuilder.AddOutbox() in OnModelCreating");
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        return _claimSql = $$"""
            SELECT * FROM {{table}}
            WHERE next_attempt_at IS NULL OR next_attempt_at <= {0}
            ORDER BY id
            LIMIT {1}
            FOR UPDATE SKIP LOCKED
            """;
    }
}
