using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class RebuildBesideLive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "read_model_rebuild_events",
                columns: table => new
                {
                    RebuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_model_rebuild_events", x => new { x.RebuildId, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "read_model_rebuilds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Failure = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_model_rebuilds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "read_model_rebuild_sources",
                columns: table => new
                {
                    RebuildId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Announced = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    MarkerAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Expected = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    ReceivedAtEnd = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_model_rebuild_sources", x => new { x.RebuildId, x.Source });
                    table.ForeignKey(
                        name: "FK_read_model_rebuild_sources_read_model_rebuilds_RebuildId",
                        column: x => x.RebuildId,
                        principalTable: "read_model_rebuilds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_read_model_rebuilds_Tenant",
                table: "read_model_rebuilds",
                column: "Tenant",
                unique: true,
                filter: "\"Status\" = 'running'");

            migrationBuilder.CreateIndex(
                name: "IX_read_model_rebuilds_Tenant_StartedAt",
                table: "read_model_rebuilds",
                columns: new[] { "Tenant", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "read_model_rebuild_events");

            migrationBuilder.DropTable(
                name: "read_model_rebuild_sources");

            migrationBuilder.DropTable(
                name: "read_model_rebuilds");
        }
    }
}
