using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Investments.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddObjectRequestId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestId",
                table: "investment_objects",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_investment_objects_Tenant_RequestId",
                table: "investment_objects",
                columns: new[] { "Tenant", "RequestId" },
                unique: true,
                filter: "\"RequestId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_investment_objects_Tenant_RequestId",
                table: "investment_objects");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "investment_objects");
        }
    }
}
