using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "budget_years",
                columns: table => new
                {
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_years", x => new { x.Tenant, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "frame_table_imports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BodyUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Findings = table.Column<string>(type: "jsonb", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_frame_table_imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedFromYear = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_org_units_org_units_ParentId",
                        column: x => x.ParentId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    trace_parent = table.Column<string>(type: "text", nullable: true),
                    trace_state = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outcome_batches",
                columns: table => new
                {
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outcome_batches", x => new { x.Tenant, x.RequestId });
                });

            migrationBuilder.CreateTable(
                name: "budget_frames",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MonthlyWeights = table.Column<int[]>(type: "integer[]", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    opening_depreciation = table.Column<long>(type: "bigint", nullable: false),
                    opening_external_revenue = table.Column<long>(type: "bigint", nullable: false),
                    opening_internal_costs = table.Column<long>(type: "bigint", nullable: false),
                    opening_internal_revenue = table.Column<long>(type: "bigint", nullable: false),
                    opening_other_external_costs = table.Column<long>(type: "bigint", nullable: false),
                    opening_personnel_costs = table.Column<long>(type: "bigint", nullable: false),
                    opening_pharmaceuticals = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_frames", x => x.Id);
                    table.ForeignKey(
                        name: "FK_budget_frames_org_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "financing",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BodyUnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Amounts_FinancialCosts = table.Column<long>(type: "bigint", nullable: false),
                    Amounts_FinancialIncome = table.Column<long>(type: "bigint", nullable: false),
                    Amounts_GeneralStateGrants = table.Column<long>(type: "bigint", nullable: false),
                    Amounts_PharmaceuticalGrant = table.Column<long>(type: "bigint", nullable: false),
                    Amounts_TaxRevenue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_financing", x => x.Id);
                    table.ForeignKey(
                        name: "FK_financing_org_units_BodyUnitId",
                        column: x => x.BodyUnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "forecasts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Net = table.Column<long>(type: "bigint", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forecasts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_forecasts_org_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "monthly_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    Column = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    RequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monthly_outcomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_monthly_outcomes_org_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "org_units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FrameId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AmountIsEstimate = table.Column<bool>(type: "boolean", nullable: false),
                    TransferId = table.Column<Guid>(type: "uuid", nullable: true),
                    CounterpartUnitCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    change_depreciation = table.Column<long>(type: "bigint", nullable: false),
                    change_external_revenue = table.Column<long>(type: "bigint", nullable: false),
                    change_internal_costs = table.Column<long>(type: "bigint", nullable: false),
                    change_internal_revenue = table.Column<long>(type: "bigint", nullable: false),
                    change_other_external_costs = table.Column<long>(type: "bigint", nullable: false),
                    change_personnel_costs = table.Column<long>(type: "bigint", nullable: false),
                    change_pharmaceuticals = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ledger_entries_budget_frames_FrameId",
                        column: x => x.FrameId,
                        principalTable: "budget_frames",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_budget_frames_Tenant_UnitId_Year",
                table: "budget_frames",
                columns: new[] { "Tenant", "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_budget_frames_UnitId",
                table: "budget_frames",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_financing_BodyUnitId",
                table: "financing",
                column: "BodyUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_financing_Tenant_BodyUnitId_Year",
                table: "financing",
                columns: new[] { "Tenant", "BodyUnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forecasts_Tenant_UnitId_Year",
                table: "forecasts",
                columns: new[] { "Tenant", "UnitId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forecasts_UnitId",
                table: "forecasts",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_FrameId",
                table: "ledger_entries",
                column: "FrameId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_TransferId",
                table: "ledger_entries",
                column: "TransferId");

            migrationBuilder.CreateIndex(
                name: "IX_monthly_outcomes_Tenant_UnitId_Year_Month_Column",
                table: "monthly_outcomes",
                columns: new[] { "Tenant", "UnitId", "Year", "Month", "Column" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_monthly_outcomes_UnitId",
                table: "monthly_outcomes",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_org_units_ParentId",
                table: "org_units",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_org_units_Tenant_Code",
                table: "org_units",
                columns: new[] { "Tenant", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_years");

            migrationBuilder.DropTable(
                name: "financing");

            migrationBuilder.DropTable(
                name: "forecasts");

            migrationBuilder.DropTable(
                name: "frame_table_imports");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "monthly_outcomes");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "outcome_batches");

            migrationBuilder.DropTable(
                name: "budget_frames");

            migrationBuilder.DropTable(
                name: "org_units");
        }
    }
}
