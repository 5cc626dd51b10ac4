using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Notifications.Data.Migrations
{
    /// Quartz's job store tables (QuartzJobStore.sql, embedded in the assembly): the reminder
    /// job's triggers, locks and cluster check-ins live in the service's own database.
    public partial class QuartzJobStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            using var stream = typeof(QuartzJobStore).Assembly.GetManifestResourceStream("Region.Notifications.Data.Migrations.QuartzJobStore.sql")
                ?? throw new InvalidOperationException("QuartzJobStore.sql is not embedded.");
            using var reader = new StreamReader(stream);
            foreach (var statement in reader.ReadToEnd().Split("\n--;;\n").Where(s => s.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--"))))
                migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_blob_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_calendars CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_cron_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_execution_history CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_fired_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_job_status CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_locks CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_misfire_history CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_paused_job_grps CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_paused_trigger_grps CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_scheduler_state CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_simple_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_simprop_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_triggers CASCADE");
            migrationBuilder.Sql("DROP TABLE IF EXISTS qrtz_job_details CASCADE");
        }
    }
}
