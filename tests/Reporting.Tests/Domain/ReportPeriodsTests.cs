using Region.Contracts.Periods;
using Region.Reporting.Domain;

namespace Region.Reporting.Tests.Domain;

/// What the report says about a period (parsing is the shared model's, tested in ServiceDefaults.Tests).
public sealed class ReportPeriodsTests
{
    [Theory]
    [InlineData("2022-T1", "2021-Y")]
    [InlineData("2022-T2", "2022-T1")]
    [InlineData("2022-Y", "2022-T2")]
    [InlineData("2022-M01", "2021-M12")]
    [InlineData("2022-M08", "2022-M07")]
    public void A_report_compares_with_its_predecessor(string text, string previous) =>
        Assert.Equal(previous, Period.TryParse(text)!.Value.Previous().ToString());

    [Fact]
    public void Labels_read_as_a_report_writer_says_them()
    {
        Assert.Equal("tertial 2 2023 (per augusti)", Period.Tertial(2023, 2).Label());
        Assert.Equal("april", Period.Tertial(2023, 1).ShortLabel());
        Assert.Equal("helåret 2023", Period.FullYear(2023).Label());
        Assert.Equal("per maj 2023", Period.Month(2023, 5).Label());
        Assert.Equal(new DateOnly(2023, 8, 31), Period.Tertial(2023, 2).LastDay);
    }
}
