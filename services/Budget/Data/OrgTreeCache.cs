using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;

namespace Region.Budget.Data;

/// The org tree of each tenant, kept between calls and reused while the tree's version is the one
/// it was built at. Every call asks the database for that version (one small aggregate instead of
/// every unit), so a change made through any instance of the service shows in the next read of
/// every instance. The cached units are shared and untracked: a call that changes a unit loads its
/// own tracked copy (LoadUnitAtEtagAsync).
public sealed class OrgTreeCache
{
    private readonly ConcurrentDictionary<string, OrgTree> _trees = new(StringComparer.Ordinal);

    private static readonly Func<BudgetDb, CancellationToken, Task<TreeVersion>> VersionQuery =
        EF.CompileAsyncQuery((BudgetDb db, CancellationToken _) => db.Units
            .GroupBy(u => 1)
            .Select(g => new TreeVersion(g.Count(), g.Sum(u => (long)u.Version)))
            .FirstOrDefault());

    private static readonly Func<BudgetDb, IAsyncEnumerable<OrgUnit>> UnitsQuery =
        EF.CompileAsyncQuery((BudgetDb db) => db.Units.AsNoTracking());

    /// The tree of the caller's tenant (the DbContext's tenant filter decides whose units are read).
    public async Task<OrgTree> GetAsync(BudgetDb db, CancellationToken ct) => await GetAsync(db, await VersionQuery(db, ct), ct);

    /// The same, for a caller that has just read the tree's version itself (BudgetVersions).
    public async Task<OrgTree> GetAsync(BudgetDb db, TreeVersion version, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        if (_trees.TryGetValue(tenant, out var cached) && cached.Version == version) return cached;

        var units = new List<OrgUnit>();
        await foreach (var unit in UnitsQuery(db).WithCancellation(ct)) units.Add(unit);
        // The tree's version is computed from the units read, never taken from the query above:
        // a change committed between the two queries then makes the next call load again.
        var tree = new OrgTree(units);
        _trees[tenant] = tree;
        return tree;
    }
}
