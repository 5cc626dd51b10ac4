using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerTotalsOnFrame : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LedgerEntries",
                table: "budget_frames",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_depreciation",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_external_revenue",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_internal_costs",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_internal_revenue",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_other_external_costs",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_personnel_costs",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "adjustments_pharmaceuticals",
                table: "budget_frames",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The totals of the ledgers already written: from now on Adjust keeps them.
            migrationBuilder.Sql(@"
                UPDATE budget_frames AS f SET
                    ""LedgerEntries"" = s.entries,
                    adjustments_external_revenue = s.external_revenue,
                    adjustments_internal_revenue = s.internal_revenue,
                    adjustments_personnel_costs = s.personnel_costs,
                    adjustments_pharmaceuticals = s.pharmaceuticals,
                    adjustments_other_external_costs = s.other_external_costs,
                    adjustments_depreciation = s.depreciation,
                    adjustments_internal_costs = s.internal_costs
                FROM (
                    SELECT ""FrameId"", count(*) AS entries,
                        coalesce(sum(change_external_revenue) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS external_revenue,
                        coalesce(sum(change_internal_revenue) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS internal_revenue,
                        coalesce(sum(change_personnel_costs) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS personnel_costs,
                        coalesce(sum(change_pharmaceuticals) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS pharmaceuticals,
                        coalesce(sum(change_other_external_costs) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS other_external_costs,
                        coalesce(sum(change_depreciation) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS depreciation,
                        coalesce(sum(change_internal_costs) FILTER (WHERE NOT ""IncludedInOpening""), 0) AS internal_costs
                    FROM ledger_entries GROUP BY ""FrameId""
                ) AS s
                WHERE s.""FrameId"" = f.""Id"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LedgerEntries",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_depreciation",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_external_revenue",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_internal_costs",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_internal_revenue",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_other_external_costs",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_personnel_costs",
                table: "budget_frames");

            migrationBuilder.DropColumn(
                name: "adjustments_pharmaceuticals",
                table: "budget_frames");
        }
    }
}
