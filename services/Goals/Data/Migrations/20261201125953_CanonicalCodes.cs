using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// Codes have one stored form, Input.Code's (trimmed, upper case); before, they were stored as sent
    /// and a body's plan could exist twice for a year ("rs" and "RS"). Of such twins the earliest created
    /// keeps the body code and a later one becomes "<CODE>-<first 8 of its id>", so no plan is lost and the
    /// unique index on (tenant, body, year) now holds case-insensitively. The codes inside each revision's
    /// content (strategies, goal areas, goals, activities, indicators, responsible units) are upper-cased
    /// in place, array order kept; they were already unique regardless of case.
    public partial class CanonicalCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows are renamed in one statement each; the unique index would check them one at a time.
            migrationBuilder.DropIndex(name: "IX_plans_Tenant_BodyCode_Year", table: "plans");
            migrationBuilder.Sql("""
                UPDATE plans p SET "BodyCode" = left(upper(btrim(p."BodyCode")), 31) || '-' || upper(left(p."Id"::text, 8))
                WHERE EXISTS (SELECT 1 FROM plans o
                              WHERE o."Tenant" = p."Tenant" AND o."Year" = p."Year" AND o."Id" <> p."Id"
                                AND upper(btrim(o."BodyCode")) = upper(btrim(p."BodyCode"))
                                AND (o."CreatedAt", o."Id") < (p."CreatedAt", p."Id"));
                UPDATE plans SET "BodyCode" = upper(btrim("BodyCode")) WHERE "BodyCode" <> upper(btrim("BodyCode"));
                """);
            migrationBuilder.CreateIndex(name: "IX_plans_Tenant_BodyCode_Year", table: "plans", columns: new[] { "Tenant", "BodyCode", "Year" }, unique: true);
            // Holds even against a writer that forgets to canonicalise (not in the EF model: an expression index).
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_plans_Tenant_upper_BodyCode_Year" ON plans ("Tenant", upper("BodyCode"), "Year");""");
            migrationBuilder.Sql("""
                CREATE FUNCTION pg_temp.upper_codes(items jsonb, keys text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
                    SELECT coalesce(jsonb_agg(
                               item || (SELECT coalesce(jsonb_object_agg(k, to_jsonb(upper(btrim(item->>k)))), '{}'::jsonb)
                                        FROM unnest(keys) k WHERE jsonb_typeof(item->k) = 'string')
                               ORDER BY n), '[]'::jsonb)
                    FROM jsonb_array_elements(coalesce(items, '[]'::jsonb)) WITH ORDINALITY AS e(item, n)
                $$;
                UPDATE plan_revisions SET "Content" = "Content" || jsonb_build_object(
                    'strategies', pg_temp.upper_codes("Content"->'strategies', ARRAY['code']),
                    'goalAreas', pg_temp.upper_codes("Content"->'goalAreas', ARRAY['code', 'strategyCode']),
                    'indicators', pg_temp.upper_codes("Content"->'indicators', ARRAY['code', 'areaCode']),
                    'goals', (SELECT coalesce(jsonb_agg(g || jsonb_build_object('activities', pg_temp.upper_codes(g->'activities', ARRAY['code'])) ORDER BY n), '[]'::jsonb)
                              FROM jsonb_array_elements(pg_temp.upper_codes("Content"->'goals', ARRAY['code', 'areaCode', 'responsibleUnitCode'])) WITH ORDINALITY AS e(g, n)));
                DROP FUNCTION pg_temp.upper_codes(jsonb, text[]);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The codes stay canonical (their old case is not kept): upper-case codes are what every earlier version reads too.
            migrationBuilder.Sql("""DROP INDEX "IX_plans_Tenant_upper_BodyCode_Year";""");
        }
    }
}
