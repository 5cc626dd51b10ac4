using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Investments.Data.Migrations
{
    /// <inheritdoc />
    public partial class CanonicalCodesAndRequestHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestHash",
                table: "investment_objects",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Codes in their one stored form (Input.Code: trimmed, upper case). Plans of one body and
            // year that differed only in case cannot both keep the code: the first keeps it, the others
            // get "-DUP2", "-DUP3"... so the unique index holds and no plan is lost.
            migrationBuilder.Sql("""
                WITH ranked AS (
                    SELECT "Id", upper(btrim("BodyCode")) AS code,
                           row_number() OVER (PARTITION BY "Tenant", upper(btrim("BodyCode")), "Year" ORDER BY "BodyCode" COLLATE "C", "Id") AS n
                    FROM investment_plans)
                UPDATE investment_plans p
                SET "BodyCode" = CASE WHEN r.n = 1 THEN r.code ELSE left(r.code, 34) || '-DUP' || r.n END
                FROM ranked r
                WHERE p."Id" = r."Id" AND p."BodyCode" IS DISTINCT FROM (CASE WHEN r.n = 1 THEN r.code ELSE left(r.code, 34) || '-DUP' || r.n END);
                UPDATE investment_objects o
                SET "BodyCode" = p."BodyCode", "UnitCode" = upper(btrim(o."UnitCode"))
                FROM investment_plans p
                WHERE o."PlanId" = p."Id" AND (o."BodyCode" <> p."BodyCode" OR o."UnitCode" <> upper(btrim(o."UnitCode")));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "investment_objects");
        }
    }
}
