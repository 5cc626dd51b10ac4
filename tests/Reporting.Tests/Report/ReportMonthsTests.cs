namespace Region.Reporting.Tests.Report;

/// The report's budget month by month (the chart of the year so far): the body's period budget and
/// outcome accumulated from January through each month up to the report's.
public sealed class ReportMonthsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task Each_month_accumulates_the_period_budget_and_outcome_up_to_the_report_month()
    {
        // Regionstaben: a frame of −120 MSEK spread evenly, and −85 MSEK outcome booked in August.
        var tenant = await ReadModelSeed.SmallBodyAsync(host);

        var report = await host.Client(tenant).GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });

        var months = report.Budget.Months;
        Assert.Equal(Enumerable.Range(1, 8), months.Select(m => m.Month));
        Assert.Equal(Enumerable.Range(1, 8).Select(m => -10_000_000L * m), months.Select(m => m.PeriodBudget));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, -85_000_000L], months.Select(m => m.Outcome));
        var body = report.Budget.Rows.Single(r => r.UnitCode == "RS");
        Assert.Equal((body.PeriodBudget, body.Outcome), (months[^1].PeriodBudget, months[^1].Outcome));

        var year = await host.Client(tenant).GetReportAsync(new() { BodyCode = "RS", Period = "2022-Y" });
        Assert.Equal(12, year.Budget.Months.Count);
    }
}
