using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Reporting.Data;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.ReadModel;

/// How far one source's snapshot has come: Expected is the number of its snapshot's events
/// reporting consumes once its marker has arrived (until then what AnnounceSnapshot answered, or
/// null), Received how many of them (before the marker: of any of its events) the shadow holds.
/// Error is why the last of its Attempts at AnnounceSnapshot failed.
public sealed record SourceProgress(string Source, int? Announced, string? Error, int Attempts, bool MarkerArrived, int? Expected, int Received)
{
    public bool Done => MarkerArrived && Received >= Expected;

    /// Not answered yet, because its last attempt failed (while the rebuild runs it is asked again).
    public bool Unreachable => Error is not null && !MarkerArrived;

    /// Why it has not answered and how often it was asked, when Unreachable.
    public string Unanswered => Unreachable ? $"{Error}; {Attempts} {(Attempts == 1 ? "attempt" : "attempts")}" : "";

    /// Why the source is not done, for a failure people read.
    public string Missing => Unreachable ? $"{Source} ({Unanswered})"
        : !MarkerArrived ? $"{Source} (its snapshot's end marker has not arrived; {Received} events received)"
        : $"{Source} ({Received} of {Expected} snapshot events received)";
}

/// A rebuild with the progress of each of its sources.
public sealed record RebuildView(RebuildRow Rebuild, IReadOnlyList<SourceProgress> Sources)
{
    public bool Complete => Sources.All(s => s.Done);
}

public static class RebuildProgress
{
    /// The id of the tenant's running rebuild, locked FOR SHARE until the caller's transaction ends
    /// (the switch and the failure lock it FOR UPDATE); null when none runs.
    public static async Task<Guid?> LockRunningAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        await using var batch = RowStatement.Batch(db, [LockRunning(tenant)]);
        return await batch.ExecuteScalarAsync(ct) as Guid?;
    }

    /// LockRunningAsync's query, for a batch that runs it with other statements.
    public static NpgsqlBatchCommand LockRunning(string tenant) => new("""
        SELECT "Id" FROM read_model_rebuilds WHERE "Tenant" = $1 AND "Status" = 'running' FOR SHARE
        """) { Parameters = { new() { Value = tenant } } };

    /// The rebuild <paramref name="id"/> of the tenant, or (id null) the tenant's latest; null when there is none.
    public static async Task<RebuildView?> ReadAsync(ReportingDb db, string tenant, Guid? id, CancellationToken ct)
    {
        var rebuild = await db.Rebuilds.AsNoTracking().Include(r => r.Sources)
            .Where(r => r.Tenant == tenant && (id == null || r.Id == id))
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        return rebuild is null ? null : await ReadAsync(db, rebuild, ct);
    }

    public static async Task<RebuildView> ReadAsync(ReportingDb db, RebuildRow rebuild, CancellationToken ct)
    {
        var sources = new List<SourceProgress>();
        foreach (var s in rebuild.Sources.OrderBy(s => s.Source, StringComparer.Ordinal))
        {
            var marker = s.MarkerAt is not null;
            var received = rebuild.Status != RebuildStatus.Running ? s.ReceivedAtEnd
                : marker ? await db.RebuildEvents.CountAsync(e => e.RebuildId == rebuild.Id && s.Expected.Contains(e.EventId), ct)
                : await db.RebuildEvents.CountAsync(e => e.RebuildId == rebuild.Id && e.Source == s.Source, ct);
            sources.Add(new SourceProgress(s.Source, s.Announced, s.Error, s.Attempts, marker, marker ? s.Expected.Count : s.Announced, received));
        }
        return new RebuildView(rebuild, sources);
    }
}
