using Microsoft.EntityFrameworkCore;
using Region.Reporting.Data;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A tenant's read-model version: moves in the same transaction as every change of the tenant's
/// read model (ReportingDb's SaveChanges, the rebuild's wipe), so a report built after reading
/// version N holds every change up to N, in every replica. LatestReports serves a report's last
/// build until it moves.
public sealed class ReadModelVersion : ITenantOwned
{
    public string Tenant { get; set; } = "";
    public long Version { get; set; }

    /// The version of the caller's tenant (0 before its first change).
    public static Task<long> CurrentAsync(ReportingDb db, CancellationToken ct) =>
        db.ReadModelVersions.AsNoTracking().Select(v => v.Version).FirstOrDefaultAsync(ct);

    /// Moves the tenant's version; call inside the transaction of the change. The row stays locked
    /// until that commits, so concurrent changes of one tenant take their versions in commit order.
    public static Task BumpAsync(ReportingDb db, string tenant, CancellationToken ct) => db.Database.ExecuteSqlAsync($"""
        INSERT INTO read_model_versions (tenant, version) VALUES ({tenant}, 1)
        ON CONFLICT (tenant) DO UPDATE SET version = read_model_versions.version + 1
        """, ct);
}
