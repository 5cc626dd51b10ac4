using Grpc.Core;
using Region.Reporting.Report;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Reporting.Tests.Report;

/// A read model holding amounts too large to add up (rows from before the consumers refused them):
/// every report still answers and says which figures it leaves out; nothing overflows.
public sealed class OutOfRangeReportTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    Task<string> SeedAsync() => ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
    {
        // One outcome at the top of int64: its deviation from the period budget would overflow.
        rows.Outcome.Amount = long.MaxValue;
        // Two investments whose sum would overflow.
        foreach (var _ in Enumerable.Range(0, 2))
            db.Investments.Add(new InvestmentRow
            {
                ObjectId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, UnitCode = "RST", Name = "Bilar", Category = "Vehicles",
                Amount = long.MaxValue / 2 + 1, Status = "Decided", Version = 1,
            });
    });

    [Fact]
    public async Task A_huge_stored_amount_leaves_the_budget_and_investments_out_and_the_report_says_so()
    {
        var tenant = await SeedAsync();
        await using (var db = host.Db(tenant))
        {
            // An outcome beyond what a decimal survives as a double and back.
            db.GoalPeriods.Single().OutcomeTotal = decimal.MaxValue;
            await db.SaveChangesAsync();
        }
        var client = host.Client(tenant);

        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Contains(ReportText.BudgetOutOfRange, report.Summary);
        Assert.Contains(ReportText.InvestmentsOutOfRange, report.Summary);
        Assert.Empty(report.Budget.Rows);
        Assert.Equal(0, report.Investments.Total.Objects);
        Assert.Equal(1, report.Goals.Red);

        foreach (var format in new[] { ReportFormat.Markdown, ReportFormat.Html })
        {
            var rendered = await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2", Format = format });
            Assert.Contains("Ekonomin redovisas inte", rendered.Content);
            Assert.Contains("Utfall: 79 228 162 514 264", rendered.Content);
        }
        using var watch = client.WatchReport(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.True(await watch.ResponseStream.MoveNext(default));
        Assert.Contains(ReportText.BudgetOutOfRange, watch.ResponseStream.Current.Summary);
        Assert.Empty((await client.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Areas);
    }

    [Fact]
    public async Task The_finance_queries_over_amounts_too_large_to_add_up_are_FAILED_PRECONDITION()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);

        var top = await Rpc.FailsWith(StatusCode.FailedPrecondition,
            () => client.ListTopDeviationsAsync(new() { UnitCode = "rs", Year = 2022, ThroughMonth = 8 }).ResponseAsync);
        Assert.Equal("The budget amounts under 'RS' in 2022 are too large to add up; correct them in the budget service.", top.Status.Detail);
        await Rpc.FailsWith(StatusCode.FailedPrecondition,
            () => client.GetDeviationByMonthAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, Level = "area" }).ResponseAsync);
        // Another year of the same units adds up.
        Assert.Empty((await client.ListTopDeviationsAsync(new() { UnitCode = "RS", Year = 2023, ThroughMonth = 8 })).Rows);
    }
}
