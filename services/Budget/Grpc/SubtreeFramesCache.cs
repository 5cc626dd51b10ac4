using System.Collections.Concurrent;
using Region.Budget.Data;
using Region.Budget.Domain;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// The rows of ListBudgetFrames and StreamBudgetFrames for one unit and year, with the roll-up.
/// The messages are shared by every call that reads them and must never be changed.
public sealed record SubtreeFrames(TreeVersion Tree, FramesVersion Frames, IReadOnlyList<Api.UnitFrame> Rows, Api.FrameAmounts Total);

/// Frames by division, kept per tenant, unit and year while the tenant's tree and that year's
/// frames are at the versions they were built from (BudgetVersions, read by every call), so any
/// change, made through any instance, shows in the next read. Finance and integrations poll the
/// same divisions over and over; rebuilding 200 rows with their ledgers per call was most of it.
public sealed class SubtreeFramesCache
{
    /// Far more than a region's divisions × open years; past it everything is built again.
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<(string Tenant, string Root, int Year), SubtreeFrames> _kept = new();

    public SubtreeFrames? Find(string tenant, string rootCode, int year, TreeVersion tree, FramesVersion frames) =>
        _kept.TryGetValue((tenant, rootCode, year), out var kept) && kept.Tree == tree && kept.Frames == frames ? kept : null;

    /// `frames` must have been read before the rows were: rows newer than their version are only
    /// built once more, rows older than it would be served stale.
    public void Keep(string tenant, string rootCode, int year, SubtreeFrames built)
    {
        if (_kept.Count >= MaxKept) _kept.Clear();
        _kept[(tenant, rootCode, year)] = built;
    }
}
