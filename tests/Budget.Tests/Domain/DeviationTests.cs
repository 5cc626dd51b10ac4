using Region.Budget.Domain;
using Region.Contracts.Budget;

namespace Region.Budget.Tests.Domain;

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
}
