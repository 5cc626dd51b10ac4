using System.Collections.Concurrent;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.ServiceDefaults.Grpc;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// The rows of ListBudgetFrames and StreamBudgetFrames for one unit and year, with the roll-up.
/// The messages are shared by every call that reads them and must never be changed.
public sealed class SubtreeFrames(TreeVersion tree, FramesStamp frames, IReadOnlyList<Api.UnitFrame> rows, Api.FrameAmounts total)
{
    /// Past this many pages of one listing (page sizes and tokens are the callers'), pages are built per call.
    private const int MaxPages = 16;

    private readonly ConcurrentDictionary<(int Offset, int Size), Api.ListBudgetFramesResponse> _pages = new();

    public TreeVersion Tree { get; } = tree;
    public FramesStamp Frames { get; } = frames;
    public IReadOnlyList<Api.UnitFrame> Rows { get; } = rows;
    public Api.FrameAmounts Total { get; } = total;

    /// Whether any unit of the subtree has a frame this year (if none, the answer names the years that do).
    public bool HasFrames { get; } = rows.Any(r => r.Frame is not null);

    /// ListBudgetFrames' answer for a page of these rows, kept with these rows and serialised once
    /// (SerializedResponses): a poller asking for the same division gets the same bytes again.
    /// Without frames the page is built anew each time, for the caller to add the years with frames.
    public Api.ListBudgetFramesResponse Page(int offset, int size)
    {
        if (_pages.TryGetValue((offset, size), out var kept)) return kept;
        var page = new Api.ListBudgetFramesResponse
        {
            TotalSize = Rows.Count,
            NextPageToken = PageToken.Next(offset, size, Rows.Count),
            Total = Total,
        };
        page.Units.AddRange(Rows.Skip(offset).Take(size));
        if (!HasFrames || _pages.Count >= MaxPages) return page;
        return _pages.GetOrAdd((offset, size), SerializedResponses.Keep(page));
    }
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
