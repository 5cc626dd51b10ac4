using Region.Reporting.Domain;

namespace Region.Reporting.Tests.Domain;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData("2022-T1", 2022, PeriodKind.Tertial, 1, 4, "2021-Y")]
    [InlineData("2022-T2", 2022, PeriodKind.Tertial, 2, 8, "2022-T1")]
    [InlineData("2022-Y", 2022, PeriodKind.Year, 0, 12, "2022-T2")]
    [InlineData("2022", 2022, PeriodKind.Year, 0, 12, "2022-T2")]
    [InlineData("2022-M01", 2022, PeriodKind.Month, 1, 1, "2021-M12")]
    [InlineData("2022-m8", 2022, PeriodKind.Month, 8, 8, "2022-M07")]
    public void Periods_parse_with_their_budget_month_and_predecessor(string text, int year, PeriodKind kind, int number, int throughMonth, string previous)
    {
        var period = ReportPeriod.TryParse(text);
        Assert.NotNull(period);
        Assert.Equal((year, kind, number, throughMonth), (period.Year, period.Kind, period.Number, period.ThroughMonth));
        Assert.Equal(previous, period.Previous.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2022-T4")]
    [InlineData("2022-M13")]
    [InlineData("2022-T")]
    [InlineData("22-T1")]
    [InlineData("1999-Y")]
    public void Bad_periods_are_rejected(string text) => Assert.Null(ReportPeriod.TryParse(text));

    [Fact]
    public void Labels_read_as_a_report_writer_says_them()
    {
        Assert.Equal("tertial 2 2023 (per augusti)", ReportPeriod.TryParse("2023-T2")!.Label);
        Assert.Equal("april", ReportPeriod.TryParse("2023-T1")!.ShortLabel);
        Assert.Equal(new DateOnly(2023, 8, 31), ReportPeriod.TryParse("2023-T2")!.EndDate);
    }
}
