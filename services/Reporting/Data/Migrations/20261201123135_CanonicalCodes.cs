using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Reporting.Data.Migrations
{
    /// Codes in the read model in their one stored form, Input.Code (trimmed, upper case), as the
    /// consumers store them from now on: the existing unique indexes then hold codes unique without
    /// regard to case. Where two rows differ only in a code's case, the newer state stays.
    public partial class CanonicalCodes : Migration
    {
        /// Table, code columns, the other columns of its unique key, and what decides which duplicate stays.
        static readonly (string Table, string[] Codes, string[] Key, string Newest)[] Tables =
        [
            ("frames", ["UnitCode"], ["Year"], "Version"),
            ("financing", ["BodyCode"], ["Year"], "Version"),
            ("budget_outcomes", ["UnitCode"], ["Year", "Month", "Column"], "RecordedAt"),
            ("forecasts", ["UnitCode"], ["Year"], "Version"),
            ("org_unit_replica", ["Code", "ParentCode"], [], "Version"),
            ("ledger_entries", ["UnitCode", "CounterpartUnitCode"], null, null),
            ("frame_table_imports", ["BodyCode"], null, null),
            ("plans", ["BodyCode"], null, null),
            ("goals", ["BodyCode", "ResponsibleUnitCode"], null, null),
            ("investments", ["BodyCode", "UnitCode"], null, null),
            ("meetings", ["BodyCode"], null, null),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, codes, key, newest) in Tables)
            {
                if (key is not null)
                {
                    // The first code column is the one in the unique key.
                    var same = string.Join(" AND ", key.Select(k => $"a.\"{k}\" = b.\"{k}\"")
                        .Prepend($"upper(btrim(a.\"{codes[0]}\")) = upper(btrim(b.\"{codes[0]}\"))").Prepend("a.\"Tenant\" = b.\"Tenant\""));
                    migrationBuilder.Sql($"DELETE FROM \"{table}\" a USING \"{table}\" b WHERE {same} AND (a.\"{newest}\", a.\"Id\") < (b.\"{newest}\", b.\"Id\");");
                }
                foreach (var code in codes)
                    migrationBuilder.Sql($"UPDATE \"{table}\" SET \"{code}\" = upper(btrim(\"{code}\")) WHERE \"{code}\" <> upper(btrim(\"{code}\"));");
            }
        }

        /// The original case is gone; nothing to undo.
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
