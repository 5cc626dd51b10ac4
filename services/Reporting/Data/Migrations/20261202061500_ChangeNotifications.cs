using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every committed move of a tenant's read-model version (ReadModelVersion.BumpAsync, in
            // the transaction of each change) notifies the reporting_changes channel with the
            // tenant, whoever wrote it: this replica, another, a benchmark's UPDATE. PostgreSQL
            // sends a transaction's notifications at its commit, never for a rollback.
            migrationBuilder.Sql("""
                CREATE FUNCTION reporting_notify_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('reporting_changes', COALESCE(NEW.tenant, OLD.tenant));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER read_model_versions_notify AFTER INSERT OR UPDATE OR DELETE ON read_model_versions
                    FOR EACH ROW EXECUTE FUNCTION reporting_notify_version_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER read_model_versions_notify ON read_model_versions;
                DROP FUNCTION reporting_notify_version_change();
                """);
        }
    }
}
