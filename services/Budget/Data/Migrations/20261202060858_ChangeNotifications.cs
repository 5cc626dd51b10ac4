using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every committed change of a unit or a frame (a ledger entry bumps its frame) notifies
            // the budget_changes channel with the key of what moved (BudgetChanges), whoever wrote
            // it: EF, raw SQL or COPY, this replica or another. PostgreSQL sends a transaction's
            // notifications at its commit, once per distinct key, and never for a rollback.
            migrationBuilder.Sql("""
                CREATE FUNCTION budget_notify_unit_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('budget_changes', 'units/' || COALESCE(NEW."Tenant", OLD."Tenant"));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER org_units_notify AFTER INSERT OR UPDATE OR DELETE ON org_units
                    FOR EACH ROW EXECUTE FUNCTION budget_notify_unit_change();

                CREATE FUNCTION budget_notify_frame_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('budget_changes', 'frames/' || COALESCE(NEW."Tenant", OLD."Tenant") || '/' || COALESCE(NEW."Year", OLD."Year"));
                    IF TG_OP = 'UPDATE' AND (NEW."Tenant", NEW."Year") IS DISTINCT FROM (OLD."Tenant", OLD."Year") THEN
                        PERFORM pg_notify('budget_changes', 'frames/' || OLD."Tenant" || '/' || OLD."Year");
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER budget_frames_notify AFTER INSERT OR UPDATE OR DELETE ON budget_frames
                    FOR EACH ROW EXECUTE FUNCTION budget_notify_frame_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER budget_frames_notify ON budget_frames;
                DROP FUNCTION budget_notify_frame_change();
                DROP TRIGGER org_units_notify ON org_units;
                DROP FUNCTION budget_notify_unit_change();
                """);
        }
    }
}
