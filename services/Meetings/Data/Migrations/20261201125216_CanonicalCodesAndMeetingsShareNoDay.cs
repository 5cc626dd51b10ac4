using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Meetings.Data.Migrations
{
    /// <inheritdoc />
    public partial class CanonicalCodesAndMeetingsShareNoDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "BodyCode",
                table: "calendars",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AlterColumn<string>(
                name: "CaseNumber",
                table: "agenda_items",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);

            // Body codes in their one stored form (Input.Code: trimmed, upper case). Calendars of one
            // body and year that differed only in case cannot both keep the code: the first keeps it,
            // the others get "-DUP2", "-DUP3"... so the unique index holds and no calendar is lost.
            migrationBuilder.Sql("""
                WITH ranked AS (
                    SELECT "Id", upper(btrim("BodyCode")) AS code,
                           row_number() OVER (PARTITION BY "Tenant", upper(btrim("BodyCode")), "Year" ORDER BY "BodyCode" COLLATE "C", "Id") AS n
                    FROM calendars)
                UPDATE calendars c
                SET "BodyCode" = CASE WHEN r.n = 1 THEN r.code ELSE left(r.code, 34) || '-DUP' || r.n END
                FROM ranked r
                WHERE c."Id" = r."Id" AND c."BodyCode" IS DISTINCT FROM (CASE WHEN r.n = 1 THEN r.code ELSE left(r.code, 34) || '-DUP' || r.n END);
                """);

            // Two meetings of a calendar that are not cancelled never share a day, however many calls
            // schedule or move them at once. btree_gist (a trusted extension since PostgreSQL 13, so
            // the database's owner may create it) lets the tenant and calendar take part with "=".
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql("""
                ALTER TABLE meetings ADD CONSTRAINT meetings_share_no_day EXCLUDE USING gist (
                    "Tenant" WITH =, "CalendarId" WITH =, daterange("StartDate", "EndDate", '[]') WITH &&)
                WHERE (NOT "Cancelled");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE meetings DROP CONSTRAINT meetings_share_no_day;");

            migrationBuilder.AlterColumn<string>(
                name: "BodyCode",
                table: "calendars",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);

            migrationBuilder.AlterColumn<string>(
                name: "CaseNumber",
                table: "agenda_items",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40,
                oldNullable: true);
        }
    }
}
