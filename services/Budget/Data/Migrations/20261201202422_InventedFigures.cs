using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// <inheritdoc />
    public partial class InventedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "outcome_batches",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "forecasts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Invented",
                table: "outcome_batches");

            migrationBuilder.DropColumn(
                name: "Invented",
                table: "forecasts");
        }
    }
}
