using Region.Budget.V1;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// demo-data/rs-2022/budget.yaml against the figures of seed 003 ("Budgetramar per område inom
/// regionstyrelsen" and "Förändringar budgetramar").
public sealed class BudgetDemoDataTests
{
    public static string Rs2022 => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "budget.yaml");

    private static readonly BudgetFile File = BudgetFile.Load(Rs2022);

    private static long Sek(decimal msek) => Amounts.SekFromMsek(msek);

    [Fact]
    public void The_table_has_the_three_officials_rows_and_the_elected_members_row_as_printed()
    {
        var request = File.ToImportRequest();
        Assert.Equal(("RS", 2022), (request.BodyCode, request.Year));
        var officials = request.Rows.Where(r => r.Category == FrameCategory.Officials).ToList();
        Assert.Equal(["RD", "RST", "VV"], officials.Select(r => r.UnitCode));
        Assert.Equal([Sek(-234.2m), Sek(-497.3m), Sek(-853.6m)], officials.Select(r => r.Amounts.Net));
        var elected = Assert.Single(request.Rows, r => r.Category == FrameCategory.ElectedMembers);
        Assert.Equal(("RS-FTM", Sek(-4.2m)), (elected.UnitCode, elected.Amounts.Net));
        Assert.Equal(Sek(-86.7m), officials[1].Amounts.Depreciation);
    }

    [Fact]
    public void Every_row_net_is_the_sum_of_its_columns() =>
        Assert.All(File.ToImportRequest().Rows, r => Assert.Equal(r.Amounts.Net, FrameColumnInfo.Net(r.Amounts)));

    [Fact]
    public void The_rows_disagree_with_the_stated_totals_in_other_external_costs_and_depreciation_only()
    {
        var request = File.ToImportRequest();
        var total = Assert.Single(request.Totals);
        Assert.Equal("Summa tjänstemannabudget", total.Label);
        var rows = request.Rows.Where(r => r.Category == total.Category).ToList();

        var disagreeing = FrameColumnInfo.All
            .Select(c => (c.Column, Stated: c.Get(total.Amounts), Computed: rows.Sum(r => c.Get(r.Amounts))))
            .Where(x => x.Stated != x.Computed)
            .ToList();

        Assert.Equal(
            [(FrameColumn.OtherExternalCosts, Sek(-763.0m), Sek(-763.4m)), (FrameColumn.Depreciation, Sek(-86.5m), Sek(-86.2m))],
            disagreeing);
        // The stated net agrees with the rows' nets; only the stated column totals are off.
        Assert.Equal(Sek(-1585.1m), total.Amounts.Net);
        Assert.Equal(total.Amounts.Net, rows.Sum(r => r.Amounts.Net));
    }

    [Fact]
    public void Financing_is_4962_7_and_the_total_net_budget_3373_4_as_stated()
    {
        var request = File.ToImportRequest();
        var f = request.Financing;
        Assert.True(request.HasFinancing);
        Assert.Equal(Sek(4962.7m), f.Total);
        Assert.Equal(f.Total, f.TaxRevenue + f.GeneralStateGrants + f.PharmaceuticalGrant + f.FinancialIncome + f.FinancialCosts);
        Assert.True(request.HasStatedTotalNetBudget);
        Assert.Equal(Sek(3373.4m), request.StatedTotalNetBudget);
        Assert.Equal(request.StatedTotalNetBudget, f.Total + request.Rows.Sum(r => r.Amounts.Net));
    }

    [Fact]
    public void The_ledger_has_every_bullet_of_the_frame_changes()
    {
        var entries = File.Ledger!.Entries!;
        // Regiondirektör 6, Regionstab 7, Vårdval 7 bullets.
        Assert.Equal([("RD", 6), ("RST", 7), ("VV", 7)], entries.GroupBy(e => e.Unit!).Select(g => (g.Key, g.Count())));
        Assert.True(File.Ledger.IncludedInFrames);

        var withFigures = entries.Where(e => e.Amount > 0).Select(e => (e.Unit, e.Amount, e.Case)).ToList();
        Assert.Equal(
            [("RD", 0.2m, "RS/44/2020"), ("RD", 8.2m, "RS/775/2020"), ("RD", 8.4m, null), ("RST", 10.0m, null), ("RST", 2.0m, null),
             ("VV", 9.0m, "RS/60/2021"), ("VV", 1.0m, "RS/60/2021"), ("VV", 1.1m, "RS/59/2021")],
            withFigures);
        // More money to spend is a more negative cost column.
        Assert.All(entries.Where(e => e.Amount > 0), e => Assert.Equal(-Sek(e.Amount!.Value), FrameColumnInfo.Net(e.ChangeAmounts())));
        Assert.All(entries.Where(e => e.Amount == 0), e => Assert.True(e.Estimate));
        Assert.Equal(3, entries.Count(e => e.Kind == "index-uplift"));
        Assert.Equal(9, entries.Count(e => e.Reason!.StartsWith("Omdisponering", StringComparison.Ordinal)));
    }

    [Fact]
    public void HR_and_Ekonomi_sit_under_Regiondirektor_and_IT_Fastighet_Regionservice_under_Regionstaben()
    {
        var parents = File.Units!.ToDictionary(u => u.Code!, u => u.Parent ?? "");
        Assert.Equal(["RD", "RD"], [parents["HR"], parents["EKONOMI"]]);
        Assert.Equal(["RST", "RST", "RST"], [parents["IT"], parents["FASTIGHET"], parents["REGIONSERVICE"]]);
        Assert.Equal(["RJH", "RJH"], [parents["HSN"], parents["RUN"]]);
    }
}
