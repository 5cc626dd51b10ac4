using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// <inheritdoc />
    public partial class InventedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "indicator_outcomes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Invented",
                table: "goal_outcomes",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Invented",
                table: "indicator_outcomes");

            migrationBuilder.DropColumn(
                name: "Invented",
                table: "goal_outcomes");
        }
    }
}
