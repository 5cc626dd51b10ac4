using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeBatchPayloadHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PayloadHash",
                table: "outcome_batches",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PayloadHash",
                table: "outcome_batches");
        }
    }
}
