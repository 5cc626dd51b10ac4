using Microsoft.EntityFrameworkCore;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Audit;

/// How ServiceDbContext maps the audit table. Column names are explicit, as for the outbox, because
/// the immutability triggers are raw SQL.
public static class AuditDbExtensions
{
    public const string Table = "audit_entries";

    public static ModelBuilder AddAuditTrail(this ModelBuilder mb)
    {
        mb.Entity<AuditEntry>(e =>
        {
            e.ToTable(Table);
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            e.Property(a => a.Tenant).HasColumnName("tenant");
            e.Property(a => a.At).HasColumnName("at");
            e.Property(a => a.Subject).HasColumnName("subject").HasMaxLength(CallerContext.MaxUserLength);
            e.Property(a => a.SubjectName).HasColumnName("subject_name").HasMaxLength(CallerContext.MaxUserLength);
            e.Property(a => a.Rpc).HasColumnName("rpc").HasMaxLength(AuditEntry.MaxRpcLength);
            e.Property(a => a.ObjectKind).HasColumnName("object_kind").HasMaxLength(AuditEntry.MaxKindLength);
            e.Property(a => a.ObjectKey).HasColumnName("object_key").HasMaxLength(AuditEntry.MaxKeyLength);
            e.Property(a => a.Action).HasColumnName("action").HasMaxLength(32);
            e.Property(a => a.Before).HasColumnName("before").HasColumnType("jsonb");
            e.Property(a => a.After).HasColumnName("after").HasColumnType("jsonb");
            e.Property(a => a.RequestId).HasColumnName("request_id").HasMaxLength(CallAuthorization.MaxRequestIdLength);
            e.Property(a => a.TraceId).HasColumnName("trace_id").HasMaxLength(32);
            // The three ways ListAuditEntries filters, each newest first.
            e.HasIndex(a => new { a.Tenant, a.Id });
            e.HasIndex(a => new { a.Tenant, a.ObjectKind, a.ObjectKey, a.Id });
            e.HasIndex(a => new { a.Tenant, a.Subject, a.Id });
        });
        return mb;
    }
}
