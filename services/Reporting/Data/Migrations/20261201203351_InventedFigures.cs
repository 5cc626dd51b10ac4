using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class InventedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FiguresInvented",
                table: "investments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "OutcomeInvented",
                table: "goal_periods",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "forecasts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "budget_outcomes",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FiguresInvented",
                table: "investments");

            migrationBuilder.DropColumn(
                name: "OutcomeInvented",
                table: "goal_periods");

            migrationBuilder.DropColumn(
                name: "Invented",
                table: "forecasts");

            migrationBuilder.DropColumn(
                name: "Invented",
                table: "budget_outcomes");
        }
    }
}
