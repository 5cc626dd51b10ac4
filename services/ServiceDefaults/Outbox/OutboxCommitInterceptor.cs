using Microsoft.EntityFrameworkCore;
using Region.ServiceDefaults.Data;

namespace Region.ServiceDefaults.Outbox;

/// Wakes the dispatcher as soon as events are committed, so they leave in milliseconds instead
/// of waiting for the next poll. Add it to the DbContext options of <typeparamref name="TDb"/>.
/// Only commits that wrote outbox rows wake it: other writes have nothing to publish, and the
/// dispatcher's own commits (deleting or backing off rows) must not wake it, or a backed-off row
/// would make it spin.
public sealed class OutboxCommitInterceptor<TDb>(OutboxSignal<TDb> signal) : CommitInterceptor<object>
    where TDb : DbContext, IOutboxDb
{
    private static readonly object Enqueued = new();

    protected override object? Collect(DbContext context, object? collected) =>
        context is TDb db && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added) ? Enqueued : collected;

    protected override void Committed(DbContext context, object? pending)
    {
        var copied = TakeCopied(context);
        if (pending is not null || copied) signal.Notify();
    }

    protected override void Abandoned(DbContext context) => TakeCopied(context);

    // Outbox rows a bulk insert wrote in the transaction (Data/BulkInsert): the tracker never saw them.
    private static bool TakeCopied(DbContext context)
    {
        if (context is not ServiceDbContext { OutboxWrittenByCopy: true } db) return false;
        db.OutboxWrittenByCopy = false;
        return true;
    }
}
