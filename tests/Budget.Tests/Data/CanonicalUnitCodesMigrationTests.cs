using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Budget.Tests.Data;

/// The migration that makes unit codes canonical, on rows written before it (codes in any case,
/// two differing only in case), so a database from before it migrates and its trees load.
public sealed class CanonicalUnitCodesMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private BudgetDb Open(string tenant) =>
        new BudgetDb(new DbContextOptionsBuilder<BudgetDb>().UseNpgsql(database.ConnectionString).Options).Serving(new CallerContext { Tenant = tenant });

    [Fact]
    public async Task Codes_become_upper_case_and_a_duplicate_by_case_is_renamed_not_lost()
    {
        await using (var db = Open("legacy"))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261201124828_OutcomeBatchPayloadHash");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO org_units ("Id", "Tenant", "Code", "Name", "Level", "ParentId", "Version") VALUES
                  ('00000000-0000-0000-0000-000000000001', 'legacy', 'Rjh', 'Region', 'Region', NULL, 1),
                  ('00000000-0000-0000-0000-000000000002', 'legacy', 'qX', 'Andra', 'Body', '00000000-0000-0000-0000-000000000001', 1),
                  ('00000000-0000-0000-0000-000000000003', 'legacy', 'Qx', 'Första', 'Body', '00000000-0000-0000-0000-000000000001', 1),
                  ('00000000-0000-0000-0000-000000000004', 'legacy', 'QX', 'Tredje', 'Body', '00000000-0000-0000-0000-000000000001', 4),
                  ('00000000-0000-0000-0000-000000000005', 'other', 'qx', 'Annan region', 'Region', NULL, 1);
                """);
            await db.Database.MigrateAsync();
        }

        await using var check = Open("legacy");
        var codes = await check.Units.OrderBy(u => u.Name).Select(u => new { u.Name, u.Code, u.Version }).ToListAsync();
        Assert.Equal(new[]
        {
            new { Name = "Andra", Code = "QX-2", Version = 2 },
            new { Name = "Första", Code = "QX-3", Version = 2 },
            new { Name = "Region", Code = "RJH", Version = 2 },
            new { Name = "Tredje", Code = "QX", Version = 4 },
        }, codes);
    }
}
