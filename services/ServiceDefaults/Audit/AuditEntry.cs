using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Audit;

/// One accepted change of one object: who, when, through which rpc, and the changed fields before
/// and after. Written by ServiceDbContext in the same SaveChanges as the change; the table's
/// triggers refuse UPDATE, DELETE and TRUNCATE (AuditTrailMigration).
public sealed class AuditEntry : ITenantOwned
{
    public const int MaxKindLength = 100;
    public const int MaxKeyLength = 200;
    public const int MaxRpcLength = 200;

    /// Assigned by the database in insert order: "newest first" and the page token go by it.
    public long Id { get; init; }
    public string Tenant { get; set; } = "";
    public DateTimeOffset At { get; init; }

    /// The token's subject, or "system:<consumer>" for work an event triggered.
    public required string Subject { get; init; }
    public string? SubjectName { get; init; }
    public string? Rpc { get; init; }
    public required string ObjectKind { get; init; }
    public required string ObjectKey { get; init; }

    /// added, modified, deleted, or a verb of the service's own (reporting's "rebuilt").
    public required string Action { get; init; }

    /// JSON objects of the changed fields; null for an added (before) or deleted (after) object.
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? RequestId { get; init; }
    public string? TraceId { get; init; }
}
