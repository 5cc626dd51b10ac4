using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// The base of the read-model consumers: idempotent through the inbox, and announcing each
/// applied change to the report watchers once it has committed. The consumers write rows through
/// VersionedUpsert. A consumer's class name names its queue and its inbox rows: renaming one
/// orphans the queue and replays old events.
public abstract class ReadModelConsumer<TEvent>(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : IdempotentConsumer<ReportingDb, TEvent>(db, caller)
    where TEvent : class, IIntegrationEvent
{
    protected override void Committed(IIntegrationEvent message) => changes.Notify(message);
}
