using MassTransit;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Inbox;

/// The base of a consumer that changes a read model: it acts as the event's tenant and applies
/// each event once (through the inbox), whatever the broker redelivers. A failure rolls back both
/// the change and the inbox row, so the bus's retry (and after that the error queue) sees it whole.
public abstract class IdempotentConsumer<TDb, TEvent>(TDb db, CallerContext caller) : IConsumer<TEvent>
    where TDb : DbContext, IInboxDb
    where TEvent : class, IIntegrationEvent
{
    /// The consumer's context, or while a group of events is applied (ApplyOnAsync) the group's.
    protected TDb Db => _applyingOn ?? db;

    TDb? _applyingOn;

    /// Who the consumer acts as: the event's tenant, once ApplyOnceAsync has set it.
    protected CallerContext Caller => caller;

    /// The consumer's name in the inbox; stable across releases (renaming it replays old events).
    protected virtual string ConsumerName => GetType().Name;

    public Task Consume(ConsumeContext<TEvent> context) =>
        ApplyOnceAsync(context.Message, ct => ApplyAsync(context.Message, ct), context.CancellationToken);

    /// The same once-only application for another event type this consumer also handles (a
    /// consumer of several events of one entity implements their IConsumer and calls this).
    protected async Task ApplyOnceAsync(IIntegrationEvent message, Func<CancellationToken, Task> apply, CancellationToken ct)
    {
        // The DbContext's tenant filter reads the caller, so it must name the event's tenant first.
        caller.Tenant = message.Tenant;
        // The audit trail's "who" for work an event triggers: the code itself, never a person.
        caller.User = "system:" + ConsumerName;
        caller.Rpc = "consume " + typeof(TEvent).Name;
        if (await RecordAndApplyAsync(message, apply, ct))
            Committed(message);
    }

    /// Records the event in the inbox and applies it, in one transaction of its own; false for a
    /// duplicate. Reporting's consumers apply events received together in one (ReadModelGroups).
    protected virtual Task<bool> RecordAndApplyAsync(IIntegrationEvent message, Func<CancellationToken, Task> apply, CancellationToken ct) =>
        db.ApplyOnceAsync(message.EventId, ConsumerName, c => ApplyWithinAsync(message, apply, c), ct);

    /// Runs <paramref name="apply"/> with Db naming <paramref name="other"/>, a context whose
    /// transaction applies several events (called while this consumer waits for it).
    protected async Task ApplyOnAsync(TDb other, Func<CancellationToken, Task> apply, CancellationToken ct)
    {
        _applyingOn = other;
        try
        {
            await apply(ct);
        }
        finally
        {
            _applyingOn = null;
        }
    }

    /// Runs <paramref name="apply"/> inside the inbox's transaction; a consumer that writes an event
    /// to more than one place (reporting's rebuild) overrides it.
    protected virtual Task ApplyWithinAsync(IIntegrationEvent message, Func<CancellationToken, Task> apply, CancellationToken ct) => apply(ct);

    /// Called after the change has committed (not for a duplicate), e.g. to wake watchers.
    protected virtual void Committed(IIntegrationEvent message) { }

    /// Changes the read model (tracked entities; the inbox saves them). Must be safe to run again
    /// after a rolled-back attempt, and decide by versions or timestamps, never by arrival order.
    protected abstract Task ApplyAsync(TEvent message, CancellationToken ct);
}
