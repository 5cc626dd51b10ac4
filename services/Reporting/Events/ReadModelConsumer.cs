using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// The base of the read-model consumers: idempotent through the inbox, and announcing each
/// applied change to the report watchers once it has committed. The consumers write rows through
/// VersionedUpsert, store codes as Input.Code gives them, and skip what ReadModelLimits refuses. A
/// consumer's class name names its queue and its inbox rows: renaming one orphans the queue and
/// replays old events.
public abstract class ReadModelConsumer<TEvent>(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped)
    : IdempotentConsumer<ReportingDb, TEvent>(db, caller)
    where TEvent : class, IIntegrationEvent
{
    protected override void Committed(IIntegrationEvent message) => changes.Notify(message);

    /// Leaves the read model as it is (the event still counts as handled, so it is not redelivered).
    protected Task Skip(IIntegrationEvent message, string reason)
    {
        skipped.Add(message, reason);
        return Task.CompletedTask;
    }

    protected SkippedEvents Skipped => skipped;
}
