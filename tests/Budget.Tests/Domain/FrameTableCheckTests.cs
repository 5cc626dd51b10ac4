using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.Contracts.Events;

namespace Region.Budget.Tests.Domain;

public sealed class FrameTableCheckTests
{
    private static FrameAmounts M(decimal ext, decimal intRev, decimal personnel, decimal pharma, decimal other, decimal depr, decimal intCost) =>
        new(Sek(ext), Sek(intRev), Sek(personnel), Sek(pharma), Sek(other), Sek(depr), Sek(intCost));

    private static long Sek(decimal msek) => (long)(msek * 1_000_000);

    private static readonly PrintedRow[] Rows2022 =
    [
        new("Regiondirektör", FrameCategory.Officials, M(200.2m, 15.5m, -282.9m, 0m, -168.6m, 0.5m, 1.1m), Sek(-234.2m)),
        new("Regionstaben", FrameCategory.Officials, M(99.2m, 211.8m, -265.8m, 0.4m, -455.1m, -86.7m, -1.1m), Sek(-497.3m)),
        new("Vårdval", FrameCategory.Officials, M(5.2m, 0m, 0m, -30.9m, -139.7m, 0m, -688.2m), Sek(-853.6m)),
        new("Summa förtroendemannabudget", FrameCategory.ElectedMembers, M(0m, 0m, -4.0m, 0m, -0.2m, 0m, 0m), Sek(-4.2m)),
    ];

    private static readonly PrintedTotal[] Totals2022 =
    [
        new("Summa tjänstemannabudget", FrameCategory.Officials, M(304.6m, 227.3m, -548.7m, -30.5m, -763.0m, -86.5m, -688.2m), Sek(-1585.1m)),
    ];

    private static readonly FinancingData Financing2022 = new(Sek(3360.2m), Sek(1174.7m), Sek(452.7m), Sek(23.2m), Sek(-48.1m));

    [Fact]
    public void The_2022_table_has_exactly_three_disagreements()
    {
        var findings = FrameTableCheck.Check(Rows2022, Totals2022, Financing2022, Sek(4962.7m), Sek(3373.4m));

        // Two column totals disagree with their rows (DOMAIN.md names them), and as a consequence the
        // stated net total (-1585,1, right for the rows) is not the sum of the stated column totals (-1585,0).
        Assert.Equal(3, findings.Count);
        Assert.Contains(findings, f => f is { Location: "Summa tjänstemannabudget", Column: BudgetColumn.OtherExternalCosts }
            && f.Stated == Sek(-763.0m) && f.Computed == Sek(-763.4m));
        Assert.Contains(findings, f => f is { Location: "Summa tjänstemannabudget", Column: BudgetColumn.Depreciation }
            && f.Stated == Sek(-86.5m) && f.Computed == Sek(-86.2m));
        Assert.Contains(findings, f => f is { Location: "Summa tjänstemannabudget", Column: BudgetColumn.Net, Detail: "columns" }
            && f.Stated == Sek(-1585.1m) && f.Computed == Sek(-1585.0m));
    }

    [Fact]
    public void Every_row_net_of_the_2022_table_adds_up()
    {
        foreach (var row in Rows2022) Assert.Equal(row.StatedNet, row.Columns.Net);
    }

    [Fact]
    public void Total_net_budget_2022_is_financing_plus_the_frames()
    {
        Assert.Equal(Sek(4962.7m), Financing2022.Total);
        Assert.Equal(Sek(3373.4m), Financing2022.Total + Rows2022.Sum(r => r.Columns.Net));
    }

    [Fact]
    public void A_row_whose_net_does_not_add_up_is_a_finding()
    {
        var row = new PrintedRow("X", FrameCategory.Officials, M(10m, 0m, -5m, 0m, 0m, 0m, 0m), Sek(4m));
        var finding = Assert.Single(FrameTableCheck.Check([row], [], null, null, null));
        Assert.Equal(("X", BudgetColumn.Net, Sek(4m), Sek(5m)), (finding.Location, finding.Column, finding.Stated, finding.Computed));
    }

    [Fact]
    public void Wrong_financing_and_total_net_budget_are_findings()
    {
        var findings = FrameTableCheck.Check(Rows2022, [], Financing2022, Sek(4962.8m), Sek(3373.0m));
        Assert.Contains(findings, f => f.Location == FrameTableCheck.FinancingLocation && f.Computed == Sek(4962.7m));
        Assert.Contains(findings, f => f.Location == FrameTableCheck.TotalNetBudgetLocation && f.Computed == Sek(3373.4m));
        Assert.Equal(2, findings.Count);
    }
}
