using Region.Contracts.Budget;

namespace Region.Budget.Tests.Domain;

/// The budget arithmetic in Contracts that budget and reporting share.
public sealed class DeviationTests
{
    private static readonly FrameAmounts Annual = new(120_000, 0, -1_200_000, 0, -240_000, 0, 0);

    [Fact]
    public void The_period_budget_spreads_the_year_evenly()
    {
        var august = PeriodBudget.Through(Annual, null, 8);
        Assert.Equal(80_000, august.ExternalRevenue);
        Assert.Equal(-800_000, august.PersonnelCosts);
        Assert.Equal(-160_000, august.OtherExternalCosts);
        Assert.Equal(Annual, PeriodBudget.Through(Annual, null, 12));
    }

    [Fact]
    public void A_periodisation_weights_the_months()
    {
        // July and August carry no budget: by June 18 of the 30 weights have passed.
        int[] weights = [3, 3, 3, 3, 3, 3, 0, 0, 3, 3, 3, 3];
        Assert.Equal(-720_000, PeriodBudget.Through(Annual, weights, 6).PersonnelCosts);
        Assert.Equal(-720_000, PeriodBudget.Through(Annual, weights, 8).PersonnelCosts);
        Assert.Equal(Annual, PeriodBudget.Through(Annual, weights, 12));
    }

    [Fact]
    public void Rounding_stays_in_whole_kronor()
    {
        var odd = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -1_000_001);
        Assert.Equal(-83_333, PeriodBudget.Through(odd, null, 1).PersonnelCosts);
        Assert.Equal(-1_000_001, PeriodBudget.Through(odd, null, 12).PersonnelCosts);
    }

    [Fact]
    public void Lower_costs_than_budget_is_a_positive_deviation()
    {
        var period = PeriodBudget.Through(Annual, null, 8);
        var outcome = period with { PersonnelCosts = -750_000 };
        var deviation = new Deviation(Annual, period, outcome, null);
        Assert.Equal(50_000, deviation.Amount.PersonnelCosts);
        Assert.Equal(50_000, deviation.Amount.Net);
    }

    [Fact]
    public void Higher_costs_than_budget_is_a_negative_deviation_and_forecast_deviation_follows_the_same_sign()
    {
        var period = PeriodBudget.Through(Annual, null, 4);
        var outcome = period with { OtherExternalCosts = period.OtherExternalCosts - 30_000 };
        var deviation = new Deviation(Annual, period, outcome, Annual.Net - 90_000);
        Assert.Equal(-30_000, deviation.Amount.Net);
        Assert.Equal(-90_000, deviation.ForecastDeviation);
    }

    [Fact]
    public void Deviations_roll_up_by_adding()
    {
        var a = new Deviation(Annual, Annual, Annual, 5);
        var b = new Deviation(Annual, Annual, Annual, null);
        var sum = a + b;
        Assert.Equal(Annual.Net * 2, sum.AnnualBudget.Net);
        Assert.Equal(5, sum.ForecastNet);
        Assert.Null((b + b).ForecastNet);
    }

    [Fact]
    public void Weights_adding_up_to_nothing_spread_nothing()
    {
        Assert.Equal(FrameAmounts.Zero, PeriodBudget.Through(Annual, new int[12], 8));
    }

    [Fact]
    public void A_unit_without_a_frame_has_no_budget_and_its_outcome_is_all_deviation()
    {
        var outcome = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -40_000);
        var deviation = Deviation.Through(8, null, null, outcome, null);
        Assert.Equal((0L, 0L, -40_000L), (deviation.AnnualBudget.Net, deviation.PeriodBudget.Net, deviation.Amount.Net));
        Assert.Null(deviation.ForecastDeviation);
        Assert.Equal(Deviation.None, Deviation.Through(8, null, null, null, null));
    }

    private sealed record Node(string Code, string? Parent, long Own);

    [Fact]
    public void The_roll_up_adds_every_subtree_into_its_parent_matching_codes_without_case()
    {
        // Depth first, as Subtree lists them; "rst" names its parent in another case.
        Node[] units = [new("RS", "RJH", 1), new("RST", "RS", 10), new("HR", "rst", 100), new("IT", "RST", 1000), new("VV", "RS", 10000)];

        var totals = TreeRollUp.Sum(units, u => u.Code, u => u.Parent, u => u.Own, (a, b) => a + b);

        Assert.Equal(11111, totals["RS"]);
        Assert.Equal(1110, totals["rst"]);
        Assert.Equal((100, 1000, 10000), (totals["HR"], totals["IT"], totals["VV"]));
        Assert.False(totals.ContainsKey("RJH"));
    }

    [Fact]
    public void Rolled_up_deviations_equal_the_deviation_of_the_summed_figures()
    {
        Node[] units = [new("RS", null, 0), new("A", "RS", 0), new("B", "RS", 0)];
        var own = new Dictionary<string, Deviation>
        {
            ["RS"] = Deviation.None,
            ["A"] = Deviation.Through(4, Annual, null, FrameAmounts.Of(BudgetColumn.PersonnelCosts, -390_000), -1_400_000),
            ["B"] = Deviation.Through(4, Annual, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], FrameAmounts.Zero, null),
        };

        var rs = TreeRollUp.Sum(units, u => u.Code, u => u.Parent, u => own[u.Code], (a, b) => a + b)["RS"];

        Assert.Equal(own["A"].Amount + own["B"].Amount, rs.Amount);
        Assert.Equal(rs.Outcome - rs.PeriodBudget, rs.Amount);
        Assert.Equal(-1_400_000 - 2 * Annual.Net, rs.ForecastDeviation);
    }
}
