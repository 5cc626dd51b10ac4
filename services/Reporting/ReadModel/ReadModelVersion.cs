using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Reporting.Data;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A tenant's read-model version: moves in the same transaction as every change of the tenant's
/// read model (ReportingDb's SaveChanges, the rebuild's wipe), so a report built after reading
/// version N holds every change up to N, in every replica. LatestReports serves a report's last
/// build until it moves.
///
/// The version is the sum of <see cref="Slots"/> counters (rows) per tenant, each change adding one
/// to the slot its DbContext took: with a single row every consumer of the tenant queued on that
/// row's lock from its bump to its commit, so changes of one tenant committed one at a time. A sum
/// read in a snapshot counts exactly the changes committed before it, so it only grows, and equal
/// sums mean the same changes.
public sealed class ReadModelVersion : ITenantOwned
{
    public const int Slots = 16;

    public string Tenant { get; set; } = "";
    public short Slot { get; set; }
    public long Version { get; set; }

    // Round robin rather than random: two DbContexts made one after the other never share a slot.
    static int _lastSlot;

    /// The slot a new DbContext bumps: one per context, so a transaction never holds two slots of a
    /// tenant (two such transactions taking them in opposite order would deadlock).
    public static short NextSlot() => (short)((uint)Interlocked.Increment(ref _lastSlot) % Slots);

    /// The version of the caller's tenant (0 before its first change).
    public static Task<long> CurrentAsync(ReportingDb db, CancellationToken ct) =>
        db.ReadModelVersions.AsNoTracking().SumAsync(v => v.Version, ct);

    /// Moves the tenant's version; call inside the transaction of the change. The slot's row stays
    /// locked until that commits; other changes of the tenant bump other slots meanwhile.
    public static Task BumpAsync(ReportingDb db, string tenant, CancellationToken ct) => RowStatement.RunAsync(db, [Bump(db, tenant)], ct);

    /// The statement that moves the tenant's version, to run in a batch (a read-model group's).
    public static NpgsqlBatchCommand Bump(ReportingDb db, string tenant) => new("""
        INSERT INTO read_model_versions (tenant, slot, version) VALUES ($1, $2, 1)
        ON CONFLICT (tenant, slot) DO UPDATE SET version = read_model_versions.version + 1
        """) { Parameters = { new() { Value = tenant }, new() { Value = db.VersionSlot } } };
}
