using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Region.ServiceDefaults.Outbox;

/// Publishes the outbox rows of <typeparamref name="TDb"/> to RabbitMQ and deletes each one once
/// the broker has confirmed it; a failed row stays, backs off and is tried again, never dropped.
///
/// Three short steps, no transaction open while the broker is awaited: claim a batch by setting a
/// lease (one UPDATE over rows picked with FOR UPDATE SKIP LOCKED), publish the batch with every
/// confirm in flight at once, then record the outcome (delete what was sent, back off the rest).
///
/// Replicas: a claimed row is not due again until its lease ends, so two dispatchers on one
/// database never publish the same row while both are healthy. A dispatcher that dies holding a
/// lease leaves its rows to be claimed again after <see cref="OutboxOptions.Lease"/>. The lease is
/// the row's next_attempt_at as the claim stored it: a row is published only while enough of its
/// lease is left for the confirm, and its outcome (back-off, reset) is written only while that
/// lease is still on the row, so a dispatcher that was slow never undoes another's claim. One
/// dispatcher runs OutboxOptions.ConcurrentRounds rounds at once, which share the rows the same way.
/// Order is by id within what one round sends; across rounds, replicas and backed-off rows it is
/// best effort (consumers apply only a newer version).
/// Delivery is at least once (an expired lease, a crash between confirm and delete), which is why
/// the message id is the event id and consumers deduplicate on it.
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
    const int MaxErrorLength = 2000;

    readonly OutboxOptions _options = optionsMonitor.Get(DbName);
    OutboxSql? _sql;
    int _failing; // 1 while the database fails the rounds: logged once on the way in and once out
    readonly OutboxUpkeep<TDb> _upkeep = new(scopes, optionsMonitor.Get(DbName), logger);

    enum BatchResult { Drained, Full, PublishFailed, DatabaseFailed }

    /// What became of one claimed row: confirmed, failed with an error, or left untouched by a
    /// shutdown. A publish failure may be the broker's (away, slow) rather than the row's.
    sealed record Outcome(OutboxMessage Row, bool Confirmed, string? Error = null, bool RowAtFault = false, bool TimedOut = false)
    {
        /// A failure the row is to blame for: it backs off and counts towards the dead letters. A
        /// missing confirm never is: it is what an outage (or its end) looks like.
        public bool BlamesRow(bool brokerAnswered) => Error is not null && (RowAtFault || (brokerAnswered && !TimedOut));

        public bool BlamesBroker(bool brokerAnswered) => Error is not null && !BlamesRow(brokerAnswered);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, _options.ConcurrentRounds).Select(_ => DispatchUntilStoppedAsync(stoppingToken)));
        }
        finally
        {
            await _upkeep.Running; // never throws; ends soon once stoppingToken is cancelled
        }
    }

    // One of the OutboxOptions.ConcurrentRounds loops, each a round (claim, publish, record) after another.
    async Task DispatchUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var databaseFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            BatchResult result;
            try
            {
                result = await DispatchBatchAsync(stoppingToken);
                if (Interlocked.Exchange(ref _failing, 0) == 1)
                    logger.LogInformation("Outbox {DbContext} is dispatching again", DbName);
                databaseFailures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Almost always the database is unreachable: say so once (whichever loop sees it
                // first), then retry quietly until it is back.
                databaseFailures++;
                if (Interlocked.Exchange(ref _failing, 1) == 0)
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

        var rows = await ClaimAsync(db, stoppingToken);
        var outcomes = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, stoppingToken)));
        var brokerAnswered = BrokerAnswered(outcomes);
        LogFailures(outcomes, brokerAnswered);
        // Not cancellable: what the broker has confirmed must be recorded even while the host stops.
        await RecordAsync(db, outcomes, brokerAnswered, CancellationToken.None);
        _upkeep.StartIfDue(stoppingToken);

        if (outcomes.Any(o => o.BlamesBroker(brokerAnswered)))
            return BatchResult.PublishFailed;
        return rows.Count == _options.BatchSize ? BatchResult.Full : BatchResult.Drained;
    }

    // One statement, committed on its own: the lease is visible to every other dispatcher at once.
    async Task<List<OutboxMessage>> ClaimAsync(TDb db, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.OutboxMessages
            .FromSqlRaw(Sql(db).Claim, now + _options.Lease, now, _options.BatchSize)
            .AsNoTracking()
            .ToListAsync(stoppingToken));
        return rows.OrderBy(r => r.Id).ToList(); // RETURNING has no order
    }

    OutboxSql Sql(TDb db) => _sql ??= OutboxSql.For(db);

    // Evidence that a failed publish was the row's fault, not the broker's: another row of the round
    // was confirmed, or the bus is connected and the failure was not a timeout.
    bool BrokerAnswered(IReadOnlyList<Outcome> outcomes) =>
        outcomes.Any(o => o.Confirmed)
        || (bus is IBusControl control && control.CheckHealth().Status == BusHealthStatus.Healthy
            && !outcomes.Any(o => o.TimedOut));

    // Short and retried as a whole by the execution strategy. A sent row is deleted whoever holds it
    // now (it has left); every other statement also needs our lease still on the row
    // (row.NextAttemptAt, as the claim stored it): once it has expired and another dispatcher has
    // claimed the row, making it due again would let a third claim publish it beside the second.
    async Task RecordAsync(TDb db, IReadOnlyList<Outcome> outcomes, bool brokerAnswered, CancellationToken ct)
    {
        if (outcomes.Count == 0)
            return;
        var sent = outcomes.Where(o => o.Confirmed).Select(o => o.Row.Id).ToList();
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        var untouched = outcomes.Where(o => !o.Confirmed && o.Error is null).Select(o => o.Row).ToList();

        Task<int> DeleteSentAsync() => db.OutboxMessages.Where(m => sent.Contains(m.Id)).ExecuteDeleteAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        if (failed.Count == 0 && untouched.Count == 0)
        {
            // The usual round, every row confirmed: one statement, atomic on its own (a transaction
            // around it would cost its BEGIN and COMMIT another round trip).
            await strategy.ExecuteAsync(DeleteSentAsync);
            return;
        }
        var deadLettered = new List<OutboxMessage>();
        await strategy.ExecuteAsync(async () =>
        {
            deadLettered.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (sent.Count > 0)
                await DeleteSentAsync();
            foreach (var failure in failed)
            {
                var row = failure.Row;
                var attempts = row.Attempts + 1;
                var rowsOwnFault = failure.BlamesRow(brokerAnswered);
                if (rowsOwnFault && attempts >= _options.MaxAttempts)
                {
                    if (await db.Database.ExecuteSqlRawAsync(Sql(db).MoveToDeadLetters, [row.Id, attempts, failure.Error!, row.NextAttemptAt!], ct) > 0)
                    {
                        deadLettered.Add(row);
                        await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteDeleteAsync(ct);
                    }
                    continue;
                }
                // While the broker is away every row fails alike: they stay due and the dispatcher
                // pauses as a whole, so all of them leave as soon as it is back.
                DateTimeOffset? nextAttemptAt = rowsOwnFault
                    ? DateTimeOffset.UtcNow + _options.RetryDelay(attempts)
                    : null;
                await db.OutboxMessages.Where(m => m.Id == row.Id && m.NextAttemptAt == row.NextAttemptAt).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, failure.Error)
                    .SetProperty(m => m.NextAttemptAt, nextAttemptAt), ct);
            }
            // Stopped (or too late) before they were tried: due again at once for the next dispatcher.
            foreach (var row in untouched)
                await db.OutboxMessages.Where(m => m.Id == row.Id && m.NextAttemptAt == row.NextAttemptAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), ct);
            await transaction.CommitAsync(ct);
        });
        foreach (var row in deadLettered)
        {
            OutboxTelemetry.DeadLettered.Add(1, OutboxTelemetry.Tag(DbName));
            logger.LogError("Outbox {DbContext} moved {MessageType} {MessageId} to the dead letters after {Attempts} attempts",
                DbName, row.MessageType, row.MessageId, row.Attempts + 1);
        }
    }

    async Task<Outcome> TryPublishAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        using var traced = SuppressInstrumentationScope.Begin(false);
        // Continue the trace of the change: MassTransit's send activity becomes a child of this one
        // and writes the traceparent header the consumers continue from.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = OutboxTelemetry.Source.StartActivity(
            $"outbox publish {row.MessageType}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId.ToString());

        if (stoppingToken.IsCancellationRequested)
            return new Outcome(row, Confirmed: false);
        // A round that started late (a slow claim, a stalled process) must not publish a row whose
        // lease could end before the confirm: another dispatcher may claim and publish it then.
        if (row.NextAttemptAt - DateTimeOffset.UtcNow < _options.PublishTimeout)
            return new Outcome(row, Confirmed: false);
        var type = OutboxMessageTypes.Resolve(row.MessageType);
        if (type is null)
            return Failed(row, activity, $"Unknown message type {row.MessageType}", rowAtFault: true);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            var message = JsonSerializer.Deserialize(row.Payload, type, JsonSerializerOptions.Web)
                ?? throw new JsonException("The payload is null");
            await bus.Publish(message, type,
                Pipe.Execute<PublishContext>(context => context.MessageId = row.MessageId), timeout.Token);
            OutboxTelemetry.Published.Add(1, OutboxTelemetry.Tag(DbName));
            return new Outcome(row, Confirmed: true);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return new Outcome(row, Confirmed: false); // shutting down: not a failure of the row
        }
        catch (JsonException ex)
        {
            return Failed(row, activity, $"Unreadable payload: {ex.Message}", rowAtFault: true);
        }
        catch (Exception ex)
        {
            var timedOut = timeout.IsCancellationRequested;
            var error = timedOut
                ? $"No confirm from the broker within {_options.PublishTimeout.TotalSeconds:0.#} s ({ex.GetType().Name})"
                : $"{ex.GetType().Name}: {ex.Message}";
            return Failed(row, activity, error, timedOut: timedOut);
        }
    }

    Outcome Failed(OutboxMessage row, Activity? activity, string error, bool rowAtFault = false, bool timedOut = false)
    {
        error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        activity?.SetStatus(ActivityStatusCode.Error, error);
        OutboxTelemetry.PublishFailures.Add(1, OutboxTelemetry.Tag(DbName));
        return new Outcome(row, Confirmed: false, error, rowAtFault, timedOut);
    }

    // A row's own failure is worth a line each; a broker outage fails the whole round alike and gets one.
    void LogFailures(IReadOnlyList<Outcome> outcomes, bool brokerAnswered)
    {
        foreach (var failure in outcomes.Where(o => o.BlamesRow(brokerAnswered)))
            logger.LogError("Outbox {DbContext} could not publish {MessageType} {MessageId} (attempt {Attempts}): {Error}",
                DbName, failure.Row.MessageType, failure.Row.MessageId, failure.Row.Attempts + 1, failure.Error);
        var brokerFailures = outcomes.Where(o => o.BlamesBroker(brokerAnswered)).ToList();
        if (brokerFailures.Count > 0)
            logger.LogWarning("Outbox {DbContext} could not publish {Count} events, the broker seems away; trying again in {PollInterval}: {Error}",
                DbName, brokerFailures.Count, _options.PollInterval, brokerFailures[0].Error);
    }
}
