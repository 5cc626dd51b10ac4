using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReadModelVersionSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tenant's version becomes the sum of up to 16 slots (ReadModelVersion): its one row is slot 0.
            migrationBuilder.DropPrimaryKey(
                name: "PK_read_model_versions",
                table: "read_model_versions");

            migrationBuilder.AddColumn<short>(
                name: "slot",
                table: "read_model_versions",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_read_model_versions",
                table: "read_model_versions",
                columns: new[] { "tenant", "slot" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // One row per tenant again, holding the sum of its slots, so no version goes back.
            migrationBuilder.Sql("""
                WITH slots AS (DELETE FROM read_model_versions RETURNING tenant, version)
                INSERT INTO read_model_versions (tenant, slot, version)
                SELECT tenant, 0, sum(version) FROM slots GROUP BY tenant;
                """);
            migrationBuilder.DropPrimaryKey(
                name: "PK_read_model_versions",
                table: "read_model_versions");

            migrationBuilder.DropColumn(
                name: "slot",
                table: "read_model_versions");

            migrationBuilder.AddPrimaryKey(
                name: "PK_read_model_versions",
                table: "read_model_versions",
                column: "tenant");
        }
    }
}
