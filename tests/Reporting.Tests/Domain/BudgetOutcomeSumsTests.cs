using Microsoft.EntityFrameworkCore;
using Region.Contracts.Budget;
using Region.Reporting.Domain;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.OrgUnits;

namespace Region.Reporting.Tests.Domain;

/// The report sums a year's outcome lines in PostgreSQL (BudgetOutcomeSums) instead of loading them:
/// the figures must be exactly those BudgetFigures computes from the lines, for every month, with
/// the lines a report leaves out (a column that is no frame column, a month outside the year, a
/// unit outside the body, another year, another tenant) left out the same way; the body's own
/// roll-up alone (RootFromSums, the report's line per month) equals the whole roll-up's.
public sealed class BudgetOutcomeSumsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task Summed_in_the_database_gives_the_figures_of_the_lines_for_every_month()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
        {
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = rows.Body.Tenant, Code = "RSE", Name = "Ekonomi", Level = "Unit", ParentCode = "RST", Version = 1 });
            db.OrgUnits.Add(new OrgUnitReplica { Tenant = rows.Body.Tenant, Code = "HS", Name = "Hälso- och sjukvårdsnämnden", Level = "Body", ParentCode = "RJH", Version = 1 });
            db.Frames.Add(new FrameRow { UnitCode = "RSE", Year = 2022, Category = "Officials", Current = FrameAmounts.Of(BudgetColumn.ExternalRevenue, 12_000_000), MonthlyWeights = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 2], Version = 1 });
            var random = new Random(7);
            foreach (var unit in new[] { "RS", "RST", "RSE", "HS" })
            foreach (var column in new[] { nameof(BudgetColumn.ExternalRevenue), nameof(BudgetColumn.PersonnelCosts), nameof(BudgetColumn.InternalCosts), "Net", "Bogus" })
            for (var month = 0; month <= 13; month++)
            {
                if (unit == "RST" && month == 8 && column == nameof(BudgetColumn.PersonnelCosts)) continue; // seeded already
                if (random.Next(4) == 0) continue;
                db.BudgetOutcomes.Add(new BudgetOutcomeRow { UnitCode = unit, Year = 2022, Month = month, Column = column, Amount = random.Next(-5_000_000, 5_000_000), Invented = month == 11 });
            }
            db.BudgetOutcomes.Add(new BudgetOutcomeRow { UnitCode = "RSE", Year = 2021, Month = 3, Column = nameof(BudgetColumn.ExternalRevenue), Amount = 999 });
        });

        await using var db = host.Db(tenant);
        var tree = await OrgUnitReplicaTree.LoadAsync(db, CancellationToken.None);
        var codes = tree.SubtreeCodes("RS").ToList();
        var frames = await db.Frames.AsNoTracking().Where(f => f.Year == 2022 && codes.Contains(f.UnitCode)).ToListAsync();
        var lines = await db.BudgetOutcomes.AsNoTracking().Where(o => o.Year == 2022 && codes.Contains(o.UnitCode)).ToListAsync();

        foreach (var through in Enumerable.Range(1, 12))
        {
            var sums = await BudgetOutcomeSums.LoadAsync(db, codes, 2022, through, CancellationToken.None);
            var fromLines = new BudgetFigures(tree, "RS", frames, lines, [], through);
            var fromSums = BudgetFigures.FromSums(tree, "RS", frames, sums, [], through);
            foreach (var code in codes)
            {
                Assert.Equal(fromLines.Rolled(code), fromSums.Rolled(code));
                Assert.Equal(fromLines.Own(code), fromSums.Own(code));
            }
            // The report's line per month computes the root alone: the same as the whole roll-up's.
            Assert.Equal(fromLines.Rolled("RS"), BudgetFigures.RootFromSums(tree, "RS", frames, sums, [], through));
            Assert.Equal(UnitFigures.None, BudgetFigures.RootFromSums(tree, "NOSUCH", frames, sums, [], through));
            Assert.Equal(lines.Any(o => o.Invented && o.Month <= through), sums.InventedThrough);
            Assert.Equal(lines.Sum(o => Math.Abs((decimal)o.Amount)), sums.Magnitude);
        }
        Assert.Equal(BudgetFigures.CanAddUp(frames, lines, []), BudgetFigures.CanAddUp(frames, await BudgetOutcomeSums.LoadAsync(db, codes, 2022, 12, CancellationToken.None), []));
    }

    [Fact]
    public async Task Amounts_too_large_to_add_up_are_told_before_they_are_added()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (db, _) =>
        {
            foreach (var month in new[] { 1, 2, 3, 4, 5 })
                db.BudgetOutcomes.Add(new BudgetOutcomeRow { UnitCode = "RST", Year = 2022, Month = month, Column = nameof(BudgetColumn.ExternalRevenue), Amount = long.MaxValue / 8 });
        });

        await using var db = host.Db(tenant);
        var sums = await BudgetOutcomeSums.LoadAsync(db, ["RS", "RST"], 2022, 12, CancellationToken.None);

        Assert.False(BudgetFigures.CanAddUp([], sums, []));
    }
}
