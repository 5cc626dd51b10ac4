using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using BudgetApi = Region.Budget.V1;

namespace Region.Reporting.Tests.Events;

/// A body's budget made through the budget service (for the tests that watch it reach the report
/// or rebuild it), and the read model it leaves as text.
public static class BudgetSeed
{
    const long Msek = 1_000_000;

    static BudgetApi.FrameAmounts Net(decimal personnel, decimal other) => new()
    {
        PersonnelCosts = (long)(personnel * Msek), OtherExternalCosts = (long)(other * Msek), Net = (long)((personnel + other) * Msek),
    };

    /// RJH → RS → division → two areas with frames, financing, a table whose stated total is off
    /// by 0,4 MSEK, an adjustment, outcomes for January–August and a forecast.
    public static async Task<BudgetService.BudgetServiceClient> SeedAsync(ReportingWithBudget host, string tenant)
    {
        var budget = host.Budget.Client(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });
        await budget.CreateUnitAsync(new() { Code = "RS-TJM", Name = "Regionstyrelsens förvaltning", Level = UnitLevel.Division, ParentCode = "RS" });
        await budget.CreateUnitAsync(new() { Code = "RD", Name = "Regiondirektör", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        await budget.CreateUnitAsync(new() { Code = "RST", Name = "Regionstaben", Level = UnitLevel.Area, ParentCode = "RS-TJM" });
        var rd = Net(-120m, -114.2m);
        var rst = Net(-265.8m, -231.5m);
        var stated = Net(-385.8m, -346.1m); // the rows sum to −345,7 in the other column
        await budget.ImportFrameTableAsync(new ImportFrameTableRequest
        {
            BodyCode = "RS", Year = 2022, Source = "Testtabell",
            Rows =
            {
                new FrameTableRow { UnitCode = "RD", Label = "Regiondirektör", Category = FrameCategory.Officials, Amounts = rd },
                new FrameTableRow { UnitCode = "RST", Label = "Regionstaben", Category = FrameCategory.Officials, Amounts = rst },
            },
            Totals = { new FrameTableTotal { Label = "Summa tjänstemannabudget", Category = FrameCategory.Officials, Amounts = stated } },
            HasFinancing = true,
            Financing = new FinancingAmounts { TaxRevenue = 3360_200_000, GeneralStateGrants = 1174_700_000, FinancialCosts = -48_100_000 },
        });
        var frame = await budget.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await budget.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new BudgetApi.FrameAmounts { PersonnelCosts = -200_000 }, Reason = "Ökning av friskvårdsbidrag", CaseNumber = "RS/44/2020",
        });
        var outcomes = new RecordOutcomesRequest { RequestId = "jan-aug" };
        for (var month = 1; month <= 8; month++)
        {
            outcomes.Lines.Add(new OutcomeLine { UnitCode = "RD", Year = 2022, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -9_500_000 });
            outcomes.Lines.Add(new OutcomeLine { UnitCode = "RST", Year = 2022, Month = month, Column = FrameColumn.OtherExternalCosts, Amount = -20_000_000 });
        }
        await budget.RecordOutcomesAsync(outcomes);
        await budget.RecordForecastAsync(new() { UnitCode = "RST", Year = 2022, Net = -500_000_000 });
        // A report is of a body the replica knows: wait for the unit events before asking for one.
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.OrgUnits.CountAsync() == 5;
        }, "the units in the replica");
        return budget;
    }

    /// The tenant's read model as text, without row ids or arrival times.
    public static async Task<string> DumpAsync(ReportingHost host, string tenant)
    {
        await using var db = host.Db(tenant);
        var lines = new List<string>();
        lines.AddRange((await db.OrgUnits.ToListAsync()).Select(u => $"unit {u.Code} {u.Name} {u.Level} {u.ParentCode} {u.ClosedFromYear} v{u.Version}"));
        lines.AddRange((await db.Frames.ToListAsync()).Select(f => $"frame {f.UnitCode} {f.Year} {f.Category} {f.OpeningNet} {f.CurrentNet} {string.Join(",", f.MonthlyWeights ?? [])} v{f.Version}"));
        lines.AddRange((await db.Ledger.ToListAsync()).Select(l => $"ledger {l.EntryId} {l.UnitCode} {l.Kind} {l.Change} {l.Reason} {l.CaseNumber} {l.ChangedAt:O}"));
        lines.AddRange((await db.Financing.ToListAsync()).Select(f => $"financing {f.BodyCode} {f.Year} {f.Amounts.Total} v{f.Version}"));
        lines.AddRange((await db.BudgetOutcomes.ToListAsync()).Select(o => $"outcome {o.UnitCode} {o.Year}-{o.Month} {o.Column} {o.Amount}"));
        lines.AddRange((await db.Forecasts.ToListAsync()).Select(f => $"forecast {f.UnitCode} {f.Year} {f.Net} {f.Comment} v{f.Version}"));
        lines.AddRange((await db.FrameTableImports.ToListAsync()).Select(i => $"import {i.ImportId} {i.BodyCode} {i.Year} {i.Source} {i.Findings.Count}"));
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }
}
