using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Goals.Data.Migrations
{
    /// The one period model (Region.Contracts.Periods) numbers a whole year 0, as reporting and the
    /// protos always did; goals stored 1.
    public partial class YearPeriodNumberZero : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "goal_outcomes", "goal_assessments", "indicator_outcomes" })
                migrationBuilder.Sql($"UPDATE {table} SET \"PeriodNumber\" = 0 WHERE \"PeriodKind\" = 'Year'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "goal_outcomes", "goal_assessments", "indicator_outcomes" })
                migrationBuilder.Sql($"UPDATE {table} SET \"PeriodNumber\" = 1 WHERE \"PeriodKind\" = 'Year'");
        }
    }
}
