using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerScopeOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OutcomeScopes",
                table: "goal_periods",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OutcomeScopes",
                table: "goal_periods");
        }
    }
}
