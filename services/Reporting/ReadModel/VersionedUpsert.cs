using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Region.Reporting.ReadModel;

/// The one way the consumers write announced states. Events arrive late, twice, out of order or
/// again in a rebuild's snapshot, so a state replaces what a row holds only when it is newer: an
/// older or equal version is ignored. Every event carries the whole state of what it announces.
public static class VersionedUpsert
{
    /// The rule: a state with <paramref name="incoming"/> version replaces one with <paramref name="held"/>.
    public static bool IsNewer<TVersion>(TVersion incoming, TVersion held) where TVersion : IComparable<TVersion> =>
        incoming.CompareTo(held) > 0;

    /// Applies a state of <paramref name="version"/> to the row <paramref name="key"/> finds, or to a
    /// new row from <paramref name="create"/> (which sets the key), and stores the version; does
    /// nothing when the row already holds this or a newer one. Returns whether it applied.
    public static async Task<bool> UpsertAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, bool>> key, Func<TRow> create,
        int version, Action<TRow> apply, CancellationToken ct)
        where TRow : class, IVersioned
    {
        var row = await rows.SingleOrDefaultAsync(key, ct);
        if (row is null) rows.Add(row = create());
        else if (!IsNewer(version, row.Version)) return false;
        apply(row);
        row.Version = version;
        return true;
    }

    /// The row <paramref name="key"/> finds, or a new one from <paramref name="create"/>, for a row
    /// whose parts carry versions of their own (a goal's period: its status and its outcome).
    public static async Task<TRow> FindOrAddAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, bool>> key, Func<TRow> create, CancellationToken ct)
        where TRow : class
    {
        var row = await rows.SingleOrDefaultAsync(key, ct);
        if (row is null) rows.Add(row = create());
        return row;
    }

    /// Adds a row that never changes once written (a ledger entry, an import) unless <paramref name="key"/> finds it.
    public static async Task AddOnceAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, bool>> key, Func<TRow> create, CancellationToken ct)
        where TRow : class
    {
        if (!await rows.AnyAsync(key, ct)) rows.Add(create());
    }
}
