using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Region.ServiceDefaults.Audit;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    rpc = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    object_kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    object_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true),
                    request_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_tenant_id",
                table: "audit_entries",
                columns: new[] { "tenant", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_tenant_object_kind_object_key_id",
                table: "audit_entries",
                columns: new[] { "tenant", "object_kind", "object_key", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_tenant_subject_id",
                table: "audit_entries",
                columns: new[] { "tenant", "subject", "id" });

            // Rows can be added, never changed or removed: triggers, and no grant (AuditTrailMigration).
            migrationBuilder.MakeAuditTrailImmutable();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropAuditTrailTriggers();
            migrationBuilder.DropTable(
                name: "audit_entries");
        }
    }
}
