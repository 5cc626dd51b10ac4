using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Meetings.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitOwnerReplica : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
