using Microsoft.EntityFrameworkCore;
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
public sealed class BudgetCommitInterceptor(DatabaseChanges changes) : CommitInterceptor<HashSet<string>>
{
    protected override HashSet<string>? Collect(DbContext context, HashSet<string>? collected)
    {
        if (context is not BudgetDb db) return collected;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var key = entry.Entity switch
            {
                OrgUnit u => BudgetChanges.Units(u.Tenant),
                BudgetFrame f => BudgetChanges.Frames(f.Tenant, f.Year),
                _ => null,
            };
            if (key is not null) (collected ??= []).Add(key);
        }
        return collected;
    }

    protected override void Committed(DbContext context, HashSet<string>? pending)
    {
        foreach (var key in pending ?? []) changes.Moved(key);
    }
}
