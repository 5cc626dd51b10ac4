using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Region.Reporting.Data;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// The one way the consumers write announced states. Events arrive late, twice, out of order or
/// again in a rebuild's snapshot, so a state replaces what a row holds only when it is newer: an
/// older or equal version is ignored. Every event carries the whole state of what it announces.
/// Each write is one statement (RowStatement: `INSERT … ON CONFLICT … DO UPDATE … WHERE` newer),
/// so concurrent deliveries for one key wait for each other's commit instead of both reading "no
/// row", both inserting and one failing into the bus's retries. Writes run inside the consumer's
/// transaction; its SaveChanges moves the tenant's read-model version with them.
public static class VersionedUpsert
{
    /// The rule: a state with <paramref name="incoming"/> version replaces one with <paramref name="held"/>.
    public static bool IsNewer<TVersion>(TVersion incoming, TVersion held) where TVersion : IComparable<TVersion> =>
        incoming.CompareTo(held) > 0;

    /// Writes the state of <paramref name="version"/>: a new row from <paramref name="create"/> (which
    /// sets the key <paramref name="key"/> compares) with <paramref name="apply"/> applied, or the same
    /// values over the key's row when that holds an older version. Returns whether it wrote.
    public static async Task<bool> UpsertAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, bool>> key, Func<TRow> create,
        int version, Action<TRow> apply, CancellationToken ct)
        where TRow : class, IVersioned, ITenantOwned
    {
        var row = create();
        apply(row);
        row.Version = version;
        return await WriteAsync(rows, [row], RowStatement.KeyMembers(key), nameof(IVersioned.Version), null, ct) > 0;
    }

    /// The same for one part of a row whose parts carry versions of their own (a goal's period: its
    /// status and its outcome) by the members <paramref name="key"/> names (`r => new { r.A, r.B }`):
    /// <paramref name="row"/> is the whole row as a new one; over an existing
    /// row only the members of <paramref name="part"/> are written, when its <paramref name="version"/>
    /// member (one of them) is newer.
    public static async Task<bool> UpsertPartAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, object?>> key, TRow row,
        string version, IReadOnlySet<string> part, CancellationToken ct)
        where TRow : class, ITenantOwned =>
        await WriteAsync(rows, [row], RowStatement.KeyMembers(key), version, part, ct) > 0;

    /// Many rows of one kind in few statements, each row replacing the stored one of its key when its
    /// <paramref name="version"/> member is newer (budget outcome lines: the time they were recorded).
    /// Of two rows with one key the newer counts, of equal versions the first; the rows are written
    /// in key order (RowStatement), so two batches that share keys lock them in the same order and
    /// wait for each other instead of deadlocking.
    public static Task<int> UpsertManyAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, object?>> key,
        IEnumerable<TRow> batch, string version, CancellationToken ct)
        where TRow : class, ITenantOwned =>
        WriteAsync(rows, batch.ToList(), RowStatement.KeyMembers(key), version, null, ct);

    /// Adds a row that never changes once written (a ledger entry, an import) unless its key's row exists.
    public static Task AddOnceAsync<TRow>(this DbSet<TRow> rows, Expression<Func<TRow, bool>> key, Func<TRow> create, CancellationToken ct)
        where TRow : class, ITenantOwned =>
        WriteAsync(rows, [create()], RowStatement.KeyMembers(key), null, null, ct);

    static async Task<int> WriteAsync<TRow>(DbSet<TRow> rows, IReadOnlyList<TRow> batch, IReadOnlySet<string> key, string? version,
        IReadOnlySet<string>? part, CancellationToken ct)
        where TRow : class, ITenantOwned
    {
        var db = (ReportingDb)rows.GetService<ICurrentDbContext>().Context;
        // Outside a transaction the write would commit before the version moves, and a report built
        // in between would be kept as current.
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Read-model rows are written inside the consumer's transaction.");
        var tenant = db.Caller.RequiredTenant;
        foreach (var row in batch) row.Tenant = tenant;
        var written = await RowStatement.For<TRow>(db).ExecuteAsync(db, batch, key, version, part, ct);
        if (written > 0) db.WrittenByStatement(tenant);
        return written;
    }
}
