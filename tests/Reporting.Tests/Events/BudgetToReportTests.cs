using Microsoft.EntityFrameworkCore;
using Region.Budget.V1;
using Region.Contracts.Periods;
using Region.Reporting.V1;
using BudgetApi = Region.Budget.V1;

namespace Region.Reporting.Tests.Events;

/// The budget service and the reporting service side by side on the shared broker: what budget
/// commits shows in the report (the rebuild's tests are in ReadModel/RebuildTests).
public sealed class BudgetToReportTests(ReportingWithBudget host) : IClassFixture<ReportingWithBudget>
{
    Task<BudgetService.BudgetServiceClient> SeedAsync(string tenant) => BudgetSeed.SeedAsync(host, tenant);

    [Fact]
    public async Task The_report_shows_the_budget_as_the_budget_service_computes_it()
    {
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        var expected = await budget.GetDeviationAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, IncludeSubtree = true });

        Region.Reporting.V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            report = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return report.Budget.Rows.FirstOrDefault(r => r.UnitCode == "RS")?.Outcome == expected.Total.Outcome.Net
                && report.Budget.Ledger.Count == 1 && report.Budget.Rows.Any(r => r.HasForecast) && report.Budget.Findings.Count > 0;
        }, "the budget in the report");

        foreach (var row in expected.Rows)
        {
            var mine = report.Budget.Rows.Single(r => r.UnitCode == row.Unit.Code);
            Assert.Equal((row.AnnualBudget.Net, row.PeriodBudget.Net, row.Outcome.Net, row.Deviation.Net),
                (mine.Frame, mine.PeriodBudget, mine.Outcome, mine.Deviation));
        }
        var rs = report.Budget.Rows.Single(r => r.UnitCode == "RS");
        Assert.Equal(expected.Total.ForecastDeviation, rs.ForecastDeviation);
        var summary = await budget.GetBudgetSummaryAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(summary.TotalNetBudget, report.Budget.TotalNetBudget);
        Assert.Equal(("RS/44/2020", -200_000L), (report.Budget.Ledger[0].CaseNumber, report.Budget.Ledger[0].Change));
        Assert.Contains(report.Budget.Findings, f => f.Location == "Summa tjänstemannabudget" && f.Stated == -346_100_000 && f.Computed == -345_700_000);
        Assert.Contains(report.Summary, s => s.StartsWith("Regionstyrelsen har per 31 augusti en ", StringComparison.Ordinal));

        var markdown = await reporting.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Contains("## Ekonomi", markdown.Content);
        Assert.Contains($"Total nettobudget uppgår till {Region.Reporting.Report.ReportText.Msek(summary.TotalNetBudget)} miljoner kronor.", markdown.Content);
        // The stated definition is the one the table's figures follow: deviation = outcome − period budget.
        Assert.Equal(rs.Outcome - rs.PeriodBudget, rs.Deviation);
        Assert.Contains("avvikelse = utfall − periodens budget med intäkter positiva och kostnader negativa, så positivt är bättre än budget", markdown.Content);
        Assert.DoesNotContain("budget − utfall", markdown.Content);

        // Finance queries over the same figures.
        var top = await reporting.ListTopDeviationsAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8, Limit = 1 });
        Assert.Equal(expected.Rows.Where(r => r.Unit.Code is "RD" or "RST").MinBy(r => r.Deviation.Net)!.Unit.Code, Assert.Single(top.Rows).UnitCode);
        var byMonth = await reporting.GetDeviationByMonthAsync(new() { UnitCode = "RS", Year = 2022, ThroughMonth = 8 });
        var division = Assert.Single(byMonth.Units);
        Assert.Equal(8, division.Months.Count);
        Assert.Equal(expected.Rows.Single(r => r.Unit.Code == "RS-TJM").Deviation.Net, division.Months[^1].Accumulated);
        Assert.Equal(division.Months.Sum(m => m.Deviation), division.Months[^1].Accumulated);

        var invalid = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            reporting.ListTopDeviationsAsync(new() { UnitCode = "", Year = 0, ThroughMonth = 13 }).ResponseAsync);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.All(new[] { "unit_code", "year", "through_month" }, field => Assert.Contains(field, invalid.Status.Detail));
    }

    [Fact]
    public async Task Areas_with_red_goals_show_next_to_their_deviation_and_a_deficit_is_flagged()
    {
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await using (var db = host.Db(tenant))
        {
            var goalId = Guid.NewGuid();
            db.Goals.Add(new() { GoalId = goalId, BodyCode = "RS", Year = 2022, Kind = "Goal", Name = "Sjukfrånvaro", ResponsibleUnitCode = "RST", Version = 1 });
            db.GoalPeriods.Add(new() { GoalId = goalId, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 2, Status = "Red", Basis = "Computed", StatusVersion = 1 });
            await db.SaveChangesAsync();
        }
        Region.Reporting.V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            report = await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return report.Areas.SingleOrDefault()?.Deviation > 0;
        }, "the area with its surplus");
        Assert.Equal(("RST", 1, "RedWithSurplus"), (report.Areas[0].UnitCode, report.Areas[0].Goals.Red, report.Areas[0].Signal));
        Assert.Empty((await reporting.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Areas);

        // A large August invoice turns Regionstaben's surplus into a deficit.
        await budget.RecordOutcomesAsync(new() { RequestId = "aug-invoice", Lines = { new OutcomeLine { UnitCode = "RST", Year = 2022, Month = 8, Column = FrameColumn.OtherExternalCosts, Amount = -400_000_000 } } });
        Region.Reporting.V1.ListRedGoalsWithDeficitResponse flagged = null!;
        await ReportingHost.Eventually(async () =>
        {
            flagged = await reporting.ListRedGoalsWithDeficitAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return flagged.Areas.Count == 1;
        }, "the deficit");
        Assert.Equal(("RST", "RedWithDeficit"), (flagged.Areas[0].UnitCode, flagged.Areas[0].Signal));
        Assert.True(flagged.Areas[0].Deviation < 0);
    }

    [Fact]
    public async Task Each_recorded_outcome_reaches_the_watchers_as_a_new_summary()
    {
        // How fast is measured in tests/Benchmarks (issue 19), not asserted here: a test's clock on
        // a shared CI machine measures the machine.
        var tenant = ReportingHost.NewTenant();
        var budget = await SeedAsync(tenant);
        var reporting = host.Client(tenant);
        await ReportingHost.Eventually(async () => (await reporting.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Budget.Rows.Any(r => r.HasForecast), "the seeded budget");

        using var watch = reporting.WatchReport(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.True(await watch.ResponseStream.MoveNext(default));
        var first = watch.ResponseStream.Current;

        for (var i = 1; i <= 5; i++)
        {
            await budget.RecordOutcomesAsync(new() { RequestId = $"sep-{i}", Lines = { new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 8, Column = FrameColumn.PersonnelCosts, Amount = -9_500_000 - i * 1_000_000 } } });
            Assert.True(await watch.ResponseStream.MoveNext(default));
            Assert.Equal(first.Version + i, watch.ResponseStream.Current.Version);
            Assert.Equal(first.Deviation - i * 1_000_000, watch.ResponseStream.Current.Deviation);
        }
    }
}
