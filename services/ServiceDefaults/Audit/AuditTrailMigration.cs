using Microsoft.EntityFrameworkCore.Migrations;

namespace Region.ServiceDefaults.Audit;

/// The SQL each service's AuditTrail migration adds after EF has created the table: the rows can be
/// inserted, never changed, deleted or truncated.
///
/// The triggers hold against every role that uses the table, the service's own included. The
/// table's owner (the role that ran the migration) could still drop them: that is why production
/// migrates with an owner role and runs the service with a role that owns nothing and has no
/// UPDATE, DELETE, TRUNCATE or TRIGGER grant on the table (docs/security.md, "Audit trail").
public static class AuditTrailMigration
{
    public static void MakeAuditTrailImmutable(this MigrationBuilder mb)
    {
        mb.Sql($"""
            CREATE FUNCTION audit_entries_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit entries cannot be changed or deleted (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON {AuditDbExtensions.Table}
                FOR EACH ROW EXECUTE FUNCTION audit_entries_are_immutable();
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON {AuditDbExtensions.Table}
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_are_immutable();
            REVOKE UPDATE, DELETE, TRUNCATE ON {AuditDbExtensions.Table} FROM PUBLIC;
            """);
    }

    public static void DropAuditTrailTriggers(this MigrationBuilder mb)
    {
        mb.Sql($"""
            DROP TRIGGER IF EXISTS audit_entries_no_truncate ON {AuditDbExtensions.Table};
            DROP TRIGGER IF EXISTS audit_entries_no_update_or_delete ON {AuditDbExtensions.Table};
            DROP FUNCTION IF EXISTS audit_entries_are_immutable();
            """);
    }
}
