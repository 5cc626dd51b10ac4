using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// Where a rebuild builds a tenant's new read model: the same tables, keyed by a shadow tenant no
/// real tenant can have, so every query of the live model stays as it is and the consumers fill
/// the shadow with the code that fills the live model. The switch deletes the live rows and
/// re-keys the shadow's in one transaction.
public static class ShadowModel
{
    /// The shadow key of <paramref name="tenant"/>: "~" (never in a tenant code, see Input.CheckCode)
    /// and a hash, so it fits the tenant column however long the tenant is.
    public static string KeyOf(string tenant) =>
        "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..40];

    /// The tables a rebuild replaces: every entity with a tenant column, found in the EF model so a
    /// table added later is included, except what events do not fill or a rebuild must keep: the
    /// org-unit replica (reports find their bodies in it; the snapshot's unit events update it by
    /// version), settings people make (deadline lead times), the version counter and the
    /// bookkeeping of delivery, audit and rebuilds.
    public static IReadOnlyList<(string Table, string TenantColumn)> Tables(ReportingDb db) => db.Model.GetEntityTypes()
        .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && !t.IsOwned() && !Kept.Contains(t.ClrType))
        .Select(t => (t.GetTableName()!, TenantColumn(t)))
        .Distinct()
        .OrderBy(t => t.Item1, StringComparer.Ordinal)
        .ToList();

    static readonly HashSet<Type> Kept =
        [typeof(OrgUnitReplica), typeof(DeadlineLeadTime), typeof(ReadModelVersion), typeof(AuditEntry), typeof(OutboxDeadLetter)];

    static string TenantColumn(IEntityType type) =>
        type.FindProperty(nameof(ITenantOwned.Tenant))!.GetColumnName(StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()))!;

    // The names come from the EF model, never from input; the tenants are parameters.
    static string DeleteOf(string table, string column) => $$"""DELETE FROM "{{table}}" WHERE "{{column}}" = {0}""";
    static string RekeyOf(string table, string column) => $$"""UPDATE "{{table}}" SET "{{column}}" = {0} WHERE "{{column}}" = {1}""";

    /// Deletes the tenant's shadow rows (a discarded or abandoned rebuild's); inside the caller's transaction.
    public static async Task DiscardAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        var shadow = KeyOf(tenant);
        foreach (var (table, column) in Tables(db))
            await db.Database.ExecuteSqlRawAsync(DeleteOf(table, column), [shadow], ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM read_model_versions WHERE tenant = {shadow}", ct);
    }

    /// Replaces the tenant's live rows with its shadow's and moves the tenant's version, so cached
    /// reports are built again; inside the caller's transaction. Returns the live rows replaced.
    public static async Task<int> SwitchAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        // Consumers of the tenant hold the rebuild row FOR SHARE while a rebuild runs, and the caller
        // holds it FOR UPDATE: no change of this tenant's rows commits between the delete and the re-key.
        await ReadModelVersion.BumpAsync(db, tenant, ct);
        var shadow = KeyOf(tenant);
        var replaced = 0;
        foreach (var (table, column) in Tables(db))
        {
            replaced += await db.Database.ExecuteSqlRawAsync(DeleteOf(table, column), [tenant], ct);
            await db.Database.ExecuteSqlRawAsync(RekeyOf(table, column), [tenant, shadow], ct);
        }
        await db.Database.ExecuteSqlAsync($"DELETE FROM read_model_versions WHERE tenant = {shadow}", ct);
        return replaced;
    }
}
