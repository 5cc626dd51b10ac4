using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Investments.Data.Migrations
{
    /// <inheritdoc />
    public partial class InventedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FiguresInvented",
                table: "investment_objects",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FiguresInvented",
                table: "investment_objects");
        }
    }
}
