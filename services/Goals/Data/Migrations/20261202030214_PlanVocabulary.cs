using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlanVocabulary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Vocabulary",
                table: "plans",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Vocabulary",
                table: "plans");
        }
    }
}
