using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// Unit codes become canonical (trimmed, upper case: Input.Code) and unique whatever their
    /// case. Two codes that differed only in case (CreateUnit once allowed it, and it broke every
    /// call loading the tree) cannot both become canonical: the one already canonical, else the
    /// first by id, keeps the code; the others get "-2", "-3", ... appended (their names tell them apart). A
    /// changed unit gets a new version, so AnnounceSnapshot tells the replicas.
    public partial class CanonicalUnitCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows are renamed in one statement; the unique index would check them one at a time.
            migrationBuilder.DropIndex(name: "IX_org_units_Tenant_Code", table: "org_units");
            migrationBuilder.Sql("""
                WITH ranked AS (
                    SELECT "Id", upper(btrim("Code")) AS canonical,
                           row_number() OVER (PARTITION BY "Tenant", upper(btrim("Code"))
                                              ORDER BY ("Code" = upper(btrim("Code"))) DESC, "Id") AS n
                    FROM org_units)
                UPDATE org_units u
                SET "Code" = CASE WHEN r.n = 1 THEN r.canonical
                                  ELSE left(r.canonical, 36) || '-' || r.n END,
                    "Version" = u."Version" + 1
                FROM ranked r
                WHERE u."Id" = r."Id" AND (r.n > 1 OR u."Code" <> r.canonical);

                UPDATE ledger_entries SET "CounterpartUnitCode" = upper(btrim("CounterpartUnitCode"))
                WHERE "CounterpartUnitCode" <> upper(btrim("CounterpartUnitCode"));
                """);
            migrationBuilder.CreateIndex(name: "IX_org_units_Tenant_Code", table: "org_units", columns: new[] { "Tenant", "Code" }, unique: true);
            // Holds even against a writer that forgets to canonicalise (not in the EF model: an expression index).
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_org_units_Tenant_upper_Code" ON org_units ("Tenant", upper("Code"));""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The codes stay canonical: their old case is not kept.
            migrationBuilder.Sql("""DROP INDEX "IX_org_units_Tenant_upper_Code";""");
        }
    }
}
