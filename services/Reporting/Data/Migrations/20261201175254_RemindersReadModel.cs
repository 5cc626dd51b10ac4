using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeputyEmail",
                table: "org_unit_replica",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeputyName",
                table: "org_unit_replica",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerEmail",
                table: "org_unit_replica",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerName",
                table: "org_unit_replica",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StartDate",
                table: "activities",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "deadline_lead_times",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BodyCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deadline_lead_times", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deadline_lead_times_Tenant_BodyCode",
                table: "deadline_lead_times",
                columns: new[] { "Tenant", "BodyCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deadline_lead_times");

            migrationBuilder.DropColumn(
                name: "DeputyEmail",
                table: "org_unit_replica");

            migrationBuilder.DropColumn(
                name: "DeputyName",
                table: "org_unit_replica");

            migrationBuilder.DropColumn(
                name: "OwnerEmail",
                table: "org_unit_replica");

            migrationBuilder.DropColumn(
                name: "OwnerName",
                table: "org_unit_replica");

            migrationBuilder.DropColumn(
                name: "StartDate",
                table: "activities");
        }
    }
}
