using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;
using Region.Budget.Domain;
using Region.ServiceDefaults.Data;

namespace Region.Budget.Data;

/// The keys of DatabaseChanges that the budget's kept reads depend on: a tenant's units (the org
/// tree) and a tenant's frames of one year (with their ledgers: every entry bumps its frame). The
/// triggers of migration ChangeNotifications send the same strings on Channel as rows change.
public static class BudgetChanges
{
    public const string Channel = "budget_changes";

    public static string Units(string tenant) => "units/" + tenant;

    public static string Frames(string tenant, int year) => $"frames/{tenant}/{year}";
}

/// Moves the keys of a change in this process as soon as it commits, so the writer's next read
/// (often the very next call) never waits for the database's notification to come round.
public sealed class BudgetCommitInterceptor(DatabaseChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // The keys a context has saved but not yet committed (inside a transaction of the caller's).
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        MoveIfCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        MoveIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Move(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Move(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is not BudgetDb db) return;
        HashSet<string>? keys = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var key = entry.Entity switch
            {
                OrgUnit u => BudgetChanges.Units(u.Tenant),
                BudgetFrame f => BudgetChanges.Frames(f.Tenant, f.Year),
                _ => null,
            };
            if (key is not null) (keys ??= _pending.GetValue(db, _ => [])).Add(key);
        }
    }

    // Without a transaction of the caller's, SaveChanges has committed by now.
    private void MoveIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Move(context);
    }

    private void Move(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var keys)) return;
        _pending.Remove(context);
        foreach (var key in keys) changes.Moved(key);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }
}
