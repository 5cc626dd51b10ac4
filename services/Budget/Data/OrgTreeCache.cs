using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.ServiceDefaults.Data;

namespace Region.Budget.Data;

/// The org tree of each tenant, kept between calls. While the change listener is connected, a kept
/// tree is served without asking the database until a change of the tenant's units moves its
/// generation (DatabaseChanges: this instance's commits at once, another instance's when its
/// notification arrives, within milliseconds). While it is not, every call asks the database for
/// the tree's version instead (one small aggregate) and reloads when it moved. The cached units are
/// shared and untracked: a call that changes a unit loads its own tracked copy (LoadUnitAtEtagAsync),
/// whose etag is checked against the database, so a stale tree never lets a stale write through.
public sealed class OrgTreeCache(DatabaseChanges changes)
{
    private sealed record Kept(OrgTree Tree, long? Generation);

    private readonly ConcurrentDictionary<string, Kept> _trees = new(StringComparer.Ordinal);

    private static readonly Func<BudgetDb, CancellationToken, Task<TreeVersion>> VersionQuery =
        EF.CompileAsyncQuery((BudgetDb db, CancellationToken _) => db.Units
            .GroupBy(u => 1)
            .Select(g => new TreeVersion(g.Count(), g.Sum(u => (long)u.Version)))
            .FirstOrDefault());

    private static readonly Func<BudgetDb, IAsyncEnumerable<OrgUnit>> UnitsQuery =
        EF.CompileAsyncQuery((BudgetDb db) => db.Units.AsNoTracking());

    /// The generation of the tenant's units now, or null when changes may go unnoticed (read it
    /// before whatever is built from the tree).
    public long? Generation(string tenant) => changes.Generation(BudgetChanges.Units(tenant));

    /// The tree of the caller's tenant (the DbContext's tenant filter decides whose units are read).
    public async Task<OrgTree> GetAsync(BudgetDb db, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        // Read before loading: a change committed while the units load moves it past what is kept.
        if (Generation(tenant) is { } generation)
        {
            if (_trees.TryGetValue(tenant, out var kept) && kept.Generation == generation) return kept.Tree;
            return Keep(tenant, await LoadAsync(db, ct), generation);
        }
        return await GetAsync(db, await VersionQuery(db, ct), ct);
    }

    /// The tree checked against its version in the database, which the caller has just read
    /// (BudgetVersions; the way every call goes while the change listener is not connected).
    public async Task<OrgTree> GetAsync(BudgetDb db, TreeVersion version, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        if (_trees.TryGetValue(tenant, out var kept) && kept.Tree.Version == version) return kept.Tree;
        // The tree's version is computed from the units read, never taken from the query above:
        // a change committed between the two queries then makes the next call load again.
        return Keep(tenant, await LoadAsync(db, ct), null);
    }

    private OrgTree Keep(string tenant, OrgTree tree, long? generation)
    {
        _trees[tenant] = new Kept(tree, generation);
        return tree;
    }

    private static async Task<OrgTree> LoadAsync(BudgetDb db, CancellationToken ct)
    {
        var units = new List<OrgUnit>();
        await foreach (var unit in UnitsQuery(db).WithCancellation(ct)) units.Add(unit);
        return new OrgTree(units);
    }
}
