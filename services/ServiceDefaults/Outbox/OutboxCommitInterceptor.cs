using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Region.ServiceDefaults.Data;

namespace Region.ServiceDefaults.Outbox;

/// Wakes the dispatcher as soon as events are committed, so they leave in milliseconds instead
/// of waiting for the next poll. Add it to the DbContext options of <typeparamref name="TDb"/>.
public sealed class OutboxCommitInterceptor<TDb>(OutboxSignal<TDb> signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TDb : DbContext, IOutboxDb
{
    // Contexts whose saved-but-not-yet-committed changes include outbox rows. Only those wake the
    // dispatcher: other writes have nothing to publish, and the dispatcher's own commits (deleting
    // or backing off rows) must not wake it, or a backed-off row would make it spin.
    readonly ConditionalWeakTable<DbContext, object> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        MarkIfEnqueued(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        MarkIfEnqueued(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfNoTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => ForgetIfNoTransaction(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Signal(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Signal(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    void MarkIfEnqueued(DbContext? context)
    {
        if (context is TDb db && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            _pending.AddOrUpdate(context, _pending);
    }

    // Without a transaction of the caller's, SaveChanges has committed by now (EF's own
    // transaction, if it used one, already signalled through TransactionCommitted).
    void SignalIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Signal(context);
    }

    void Signal(DbContext? context)
    {
        if (context is null) return;
        var copied = TakeCopied(context);
        if (_pending.Remove(context) || copied)
            signal.Notify();
    }

    // Outbox rows a bulk insert wrote in the transaction (Data/BulkInsert): the tracker never saw them.
    static bool TakeCopied(DbContext context)
    {
        if (context is not ServiceDbContext { OutboxWrittenByCopy: true } db) return false;
        db.OutboxWrittenByCopy = false;
        return true;
    }

    void ForgetIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Forget(context);
    }

    void Forget(DbContext? context)
    {
        if (context is null) return;
        _pending.Remove(context);
        TakeCopied(context);
    }
}
