using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Budget.Tests.Data;

/// The migration that keeps a frame's ledger totals on the frame, on ledgers written before it: the
/// frame in force after it is what the ledger said before (an entry included in the opening frame
/// counts as an entry but moves nothing), and a frame without entries stays at its opening.
public sealed class LedgerTotalsMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private BudgetDb Open(string tenant) =>
        new BudgetDb(new DbContextOptionsBuilder<BudgetDb>().UseNpgsql(database.ConnectionString).Options).Serving(new CallerContext { Tenant = tenant });

    [Fact]
    public async Task Frames_written_before_get_their_ledgers_totals()
    {
        await using (var db = Open("legacy"))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261202060858_ChangeNotifications");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO org_units ("Id", "Tenant", "Code", "Name", "Level", "ParentId", "Version") VALUES
                  ('00000000-0000-0000-0000-000000000001', 'legacy', 'RJH', 'Region', 'Region', NULL, 1),
                  ('00000000-0000-0000-0000-000000000002', 'legacy', 'RS', 'Regionstyrelsen', 'Body', '00000000-0000-0000-0000-000000000001', 1);
                INSERT INTO budget_frames ("Id", "Tenant", "UnitId", "Year", "Category", "Version",
                    opening_external_revenue, opening_internal_revenue, opening_personnel_costs, opening_pharmaceuticals,
                    opening_other_external_costs, opening_depreciation, opening_internal_costs) VALUES
                  ('00000000-0000-0000-0000-0000000000f1', 'legacy', '00000000-0000-0000-0000-000000000002', 2022, 'Officials', 4, 10, 0, -1000, 0, -500, 0, 0),
                  ('00000000-0000-0000-0000-0000000000f2', 'legacy', '00000000-0000-0000-0000-000000000002', 2023, 'Officials', 1, 0, 0, -2000, 0, 0, 0, 0);
                INSERT INTO ledger_entries ("Id", "Tenant", "FrameId", "Kind", "Reason", "ChangedBy", "ChangedAt", "AmountIsEstimate", "IncludedInOpening",
                    change_external_revenue, change_internal_revenue, change_personnel_costs, change_pharmaceuticals,
                    change_other_external_costs, change_depreciation, change_internal_costs) VALUES
                  ('00000000-0000-0000-0000-0000000000e1', 'legacy', '00000000-0000-0000-0000-0000000000f1', 'Other', 'a', 'u', now(), false, false, 0, 0, -100, 0, 0, 0, 0),
                  ('00000000-0000-0000-0000-0000000000e2', 'legacy', '00000000-0000-0000-0000-0000000000f1', 'Other', 'b', 'u', now(), false, false, 5, 0, 0, 0, -20, 0, 0),
                  ('00000000-0000-0000-0000-0000000000e3', 'legacy', '00000000-0000-0000-0000-0000000000f1', 'Other', 'c', 'u', now(), false, true, 0, 0, -7000, 0, 0, 0, 0);
                """);
            await db.Database.MigrateAsync();
        }

        await using var check = Open("legacy");
        var frames = await check.Frames.AsNoTracking().OrderBy(f => f.Year).ToListAsync();
        Assert.Equal(new FrameAmounts(5, 0, -100, 0, -20, 0, 0), frames[0].Adjustments);
        Assert.Equal(new FrameAmounts(15, 0, -1100, 0, -520, 0, 0), frames[0].Current);
        Assert.Equal(3, frames[0].LedgerEntries);
        Assert.Equal(FrameAmounts.Zero, frames[1].Adjustments);
        Assert.Equal(0, frames[1].LedgerEntries);
    }
}
