using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerScopeOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Scopes",
                table: "goal_outcomes",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "goal_outcomes");
        }
    }
}
