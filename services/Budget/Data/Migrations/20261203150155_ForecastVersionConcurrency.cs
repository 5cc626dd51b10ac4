using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Region.Budget.Data.Migrations
{
    /// forecasts."Version" became a concurrency token: no schema change, only the model snapshot.
    public partial class ForecastVersionConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
