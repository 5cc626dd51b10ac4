using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Investments.Tests.Domain;

public sealed class NetInvestmentsTests
{
    private static readonly DateTimeOffset At = new(2022, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static InvestmentObject Server(int year) => InvestmentObject.Create(
        new InvestmentPlan { BodyCode = "RS", Year = year, CreatedBy = "x", CreatedAt = At },
        new ObjectFields("IT", "Serverhall", InvestmentKind.New, InvestmentCategory.It, 3_630_000, Financing.Self, false),
        InvestmentStatus.Planned, null, "x", At);

    [Fact]
    public void Every_year_of_the_range_is_named_even_without_objects()
    {
        var years = NetInvestments.PerYear(2021, 2023, [Server(2022), Server(2025)]);

        Assert.Equal([(2021, "2021", 0L), (2022, "2022", 3_630_000L), (2023, "2023", 0L)], years.Select(y => (y.Year, y.Totals.Key, y.Totals.Amount)));
    }

    [Theory]
    [InlineData(2023, 2022, "to_year")]
    [InlineData(2000, 2050, "to_year")]
    [InlineData(1999, 2101, "from_year,to_year")]
    public void A_range_runs_forward_over_kept_years_and_spans_at_most_fifty(int from, int to, string fields)
    {
        var v = new Violations();
        NetInvestments.ValidateRange(from, to, v);
        Assert.Equal(fields.Split(','), v.Items.Select(x => x.Field));
    }

    [Fact]
    public void Fifty_kept_years_in_order_are_a_range()
    {
        var v = new Violations();
        NetInvestments.ValidateRange(2000, 2049, v);
        Assert.False(v.Any);
    }
}
