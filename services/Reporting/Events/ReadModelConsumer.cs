using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// The base of the read-model consumers: idempotent through the inbox, and announcing each
/// applied change to the report watchers once it has committed. The consumers write rows through
/// VersionedUpsert, store codes as Input.Code gives them, and skip what ReadModelLimits refuses. A
/// consumer's class name names its queue and its inbox rows: renaming one orphans the queue and
/// replays old events. While the tenant's read model is rebuilt, every event (a snapshot's or a
/// live one) is applied to the live model and to the rebuild's shadow, in one transaction.
public abstract class ReadModelConsumer<TEvent>(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped,
    ReadModelGroups groups)
    : IdempotentConsumer<ReportingDb, TEvent>(db, caller)
    where TEvent : class, IIntegrationEvent
{
    /// In a group with the tenant's other events received meanwhile; alone (with the rebuild's
    /// shadow, ApplyWithinAsync) when the group could not apply it.
    protected override async Task<bool> RecordAndApplyAsync(IIntegrationEvent message, Func<CancellationToken, Task> apply, CancellationToken ct) =>
        await groups.ApplyAsync(message, ConsumerName, (groupDb, c) => ApplyOnAsync(groupDb, apply, c), ct) switch
        {
            ReadModelGroups.Outcome.Applied => true,
            ReadModelGroups.Outcome.Duplicate => false,
            _ => await base.RecordAndApplyAsync(message, apply, ct),
        };

    protected override void Committed(IIntegrationEvent message) => changes.Notify(message, WritesGoalRowsOnly);

    /// True for a consumer that writes nothing but goal rows (goals, their periods, activities): a
    /// watched report then reads only those again (ReportSummaries). What it writes to a rebuild's
    /// shadow is not read by reports; the rebuild's switch counts as a change of everything.
    protected virtual bool WritesGoalRowsOnly => false;

    protected override async Task ApplyWithinAsync(IIntegrationEvent message, Func<CancellationToken, Task> apply, CancellationToken ct)
    {
        // Held until this commits: a rebuild cannot switch or fail between the two writes below.
        var rebuild = await RebuildProgress.LockRunningAsync(Db, message.Tenant, ct);
        await apply(ct);
        if (rebuild is not { } rebuildId) return;
        // Saved as the live tenant first: new rows take the tenant the caller names when saved.
        await Db.SaveChangesAsync(ct);
        Caller.Tenant = ShadowModel.KeyOf(message.Tenant);
        try
        {
            await apply(ct);
            await Db.SaveChangesAsync(ct);
        }
        finally
        {
            Caller.Tenant = message.Tenant;
        }
        var source = EventPublisher.Of(message.GetType()) ?? "";
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO read_model_rebuild_events ("RebuildId", "EventId", "Source") VALUES ({rebuildId}, {message.EventId}, {source})
            ON CONFLICT DO NOTHING
            """, ct);
    }

    /// Leaves the read model as it is (the event still counts as handled, so it is not redelivered).
    protected Task Skip(IIntegrationEvent message, string reason)
    {
        CountSkipped(message, reason);
        return Task.CompletedTask;
    }

    /// Counts what the read model skipped once, not again when a rebuild applies the event to its shadow.
    protected void CountSkipped(IIntegrationEvent message, string reason, int count = 1)
    {
        if (Caller.Tenant == message.Tenant) skipped.Add(message, reason, count);
    }
}
