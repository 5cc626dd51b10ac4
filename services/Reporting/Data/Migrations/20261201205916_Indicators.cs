using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class Indicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "indicator_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IndicatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Unit = table.Column<string>(type: "text", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PeriodNumber = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<decimal>(type: "numeric", nullable: true),
                    Women = table.Column<decimal>(type: "numeric", nullable: true),
                    Men = table.Column<decimal>(type: "numeric", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicator_outcomes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_indicator_outcomes_Tenant_IndicatorId_Year_PeriodKind_Perio~",
                table: "indicator_outcomes",
                columns: new[] { "Tenant", "IndicatorId", "Year", "PeriodKind", "PeriodNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_indicator_outcomes_Tenant_PlanId",
                table: "indicator_outcomes",
                columns: new[] { "Tenant", "PlanId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "indicator_outcomes");
        }
    }
}
