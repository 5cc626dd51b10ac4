using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Region.ServiceDefaults.Data;

/// Acts on what a context's saved changes call for once they have committed, never before and never
/// when they roll back: at the commit of the caller's transaction, or at the end of SaveChanges
/// when there is none (EF's own transaction has committed by then). <typeparamref name="TPending"/>
/// is what SaveChanges collected for the commit (OutboxCommitInterceptor: that events were written;
/// BudgetCommitInterceptor: the keys of the kept reads that changed).
public abstract class CommitInterceptor<TPending> : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TPending : class
{
    // Per context, what its saved but not yet committed changes call for.
    private readonly ConditionalWeakTable<DbContext, TPending> _pending = new();

    /// What the changes about to be saved call for, added to what the transaction's earlier saves
    /// collected (<paramref name="collected"/>, null at first); null when nothing.
    protected abstract TPending? Collect(DbContext context, TPending? collected);

    /// The changes have committed; <paramref name="pending"/> is what SaveChanges collected, null when nothing.
    protected abstract void Committed(DbContext context, TPending? pending);

    /// The changes will never commit (rolled back, or SaveChanges failed outside a transaction).
    protected virtual void Abandoned(DbContext context) { }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndIfNoTransaction(eventData.Context, committed: true);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndIfNoTransaction(eventData.Context, committed: true);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => EndIfNoTransaction(eventData.Context, committed: false);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndIfNoTransaction(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => EndIfNoTransaction(eventData.Context, committed: false);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        EndIfNoTransaction(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(eventData.Context, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is null) return;
        _pending.TryGetValue(context, out var collected);
        if (Collect(context, collected) is { } pending) _pending.AddOrUpdate(context, pending);
    }

    // Inside a transaction of the caller's, its commit or rollback ends the changes instead.
    private void EndIfNoTransaction(DbContext? context, bool committed)
    {
        if (context?.Database.CurrentTransaction is null) End(context, committed);
    }

    private void End(DbContext? context, bool committed)
    {
        if (context is null) return;
        _pending.TryGetValue(context, out var pending);
        _pending.Remove(context);
        if (committed) Committed(context, pending);
        else Abandoned(context);
    }
}
