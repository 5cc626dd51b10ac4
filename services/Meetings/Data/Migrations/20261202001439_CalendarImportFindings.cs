using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Meetings.Data.Migrations
{
    /// <inheritdoc />
    public partial class CalendarImportFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Findings",
                table: "calendars",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "calendars",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Findings",
                table: "calendars");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "calendars");
        }
    }
}
