using System.Collections.Concurrent;
using Region.Budget.Data;
using Region.Budget.Domain;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// The rows of ListBudgetFrames and StreamBudgetFrames for one unit and year, with the roll-up.
/// The messages are shared by every call that reads them and must never be changed.
public sealed record SubtreeFrames(TreeVersion Tree, FramesStamp Frames, IReadOnlyList<Api.UnitFrame> Rows, Api.FrameAmounts Total)
{
    /// Whether any unit of the subtree has a frame this year (if none, the answer names the years that do).
    public bool HasFrames { get; } = Rows.Any(r => r.Frame is not null);
}

/// Frames by division, kept per tenant, unit and year while the tenant's tree is at the version and
/// that year's frames at the stamp they were built from (FramesStamp: the generation DatabaseChanges
/// gives while the change listener is connected, else the version read from the database), so a
/// change shows in the next read: at once when made through this instance, within milliseconds
/// through another. Finance and integrations poll the
/// same divisions over and over; rebuilding 200 rows with their ledgers per call was most of it.
public sealed class SubtreeFramesCache
{
    /// Far more than a region's divisions × open years; past it everything is built again.
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<(string Tenant, string Root, int Year), SubtreeFrames> _kept = new();

    public SubtreeFrames? Find(string tenant, string rootCode, int year, TreeVersion tree, FramesStamp frames) =>
        _kept.TryGetValue((tenant, rootCode, year), out var kept) && kept.Tree == tree && kept.Frames == frames ? kept : null;

    /// `built.Frames` must have been taken before the rows were read: rows newer than their stamp
    /// are only built once more, rows older than it would be served stale.
    public void Keep(string tenant, string rootCode, int year, SubtreeFrames built)
    {
        if (_kept.Count >= MaxKept) _kept.Clear();
        _kept[(tenant, rootCode, year)] = built;
    }
}

/// GetFrame's answers, kept per tenant, unit and year while that year's frames are at the
/// generation they were read at (only while the change listener is connected; otherwise every
/// GetFrame reads the database). The messages are shared by every call and must never be changed.
public sealed class FrameCache
{
    /// Far more than a region's units × open years; past it everything is read again.
    private const int MaxKept = 50_000;

    private readonly ConcurrentDictionary<(string Tenant, Guid Unit, int Year), (long Generation, Api.Frame Frame)> _kept = new();

    public Api.Frame? Find(string tenant, Guid unitId, int year, long generation) =>
        _kept.TryGetValue((tenant, unitId, year), out var kept) && kept.Generation == generation ? kept.Frame : null;

    /// `generation` must have been taken before the frame was read.
    public void Keep(string tenant, Guid unitId, int year, long generation, Api.Frame frame)
    {
        if (_kept.Count >= MaxKept) _kept.Clear();
        _kept[(tenant, unitId, year)] = (generation, frame);
    }
}
