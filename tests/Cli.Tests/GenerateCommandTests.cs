using Region.Budget.V1;
using Region.Goals.V1;
using Region.Reporting.V1;
using CommonPeriod = Region.Common.V1.Period;
using CommonPeriodKind = Region.Common.V1.PeriodKind;
using GoalsCounts = Region.Goals.V1.Counts;
using ReportCounts = Region.Reporting.V1.StatusCounts;

namespace Region.Cli.Tests;

/// The scale test of issue 19: a small generated region goes in through the public APIs, the
/// services hold what was generated, and reporting's report (built from their events only) counts
/// the same goals, units, frames, outcomes and investments.
public sealed class GenerateCommandTests(RegionCliHost host) : IClassFixture<RegionCliHost>
{
    private const double Scale = 0.01;
    private const int Seed = 7;

    [Fact]
    public async Task A_generated_region_is_held_by_the_services_and_reported_with_the_generated_counts_and_a_second_run_adds_nothing()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var region = LargeRegion.Create(Seed, Scale);
        var outcomes = region.BudgetOutcomes.Sum(b => b.Lines.Count);

        var run = await host.RunAsync("generate", "--region", "large", "--scale", "0.01", "--seed", "7", "--tenant", tenant);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches($@"Units\s+{region.Units.Count}\s+0", run.Out);
        Assert.Matches($@"Frame tables\s+{region.FrameTables.Count}\s+0", run.Out);
        Assert.Matches($@"Budget outcome lines\s+{N(outcomes)}\s+0", run.Out);
        Assert.Matches($@"Goal outcomes\s+{N(region.GoalOutcomes.Count)}\s+0", run.Out);

        var budget = new BudgetService.BudgetServiceClient(host.Budget.Invoker(tenant));
        var units = await budget.ListUnitsAsync(new ListUnitsRequest { RootCode = LargeRegion.RootCode, PageSize = 1000 });
        Assert.Equal(region.Units.Select(u => u.Code).Order(), units.Units.Select(u => u.Code).Order());
        Assert.Equal(6, units.Units.Max(u => u.Depth) + 1);
        var goals = new GoalsService.GoalsServiceClient(host.Goals.Invoker(tenant));
        var reporting = new ReportingService.ReportingServiceClient(host.Reporting.Invoker(tenant));
        foreach (var body in region.Bodies)
        {
            var plan = region.Plans.Single(p => p.BodyCode == body);
            var counts = await goals.GetStatusCountsAsync(new GetStatusCountsRequest
            {
                BodyCode = body, Year = LargeRegion.Year, Period = new CommonPeriod { Year = LargeRegion.Year, Kind = CommonPeriodKind.Tertial, Number = 3 },
            });
            Assert.Equal(plan.Goals.Count, counts.Goals.Total + counts.Assignments.Total);
            Assert.True(counts.Goals.Green > 0 && counts.Goals.Yellow > 0 && counts.Goals.Red > 0 && counts.Goals.NotMeasurable > 0, counts.ToString());

            // Reporting learns it all by events: wait until its report has caught up, then compare.
            var expected = Expected(region, body, counts);
            var report = await ReportWhenAsync(reporting, body, r => Figures(r) == expected);
            Assert.Equal(expected, Figures(report));
            var presented = await reporting.GetReportAsync(new GetReportRequest { BodyCode = body, Period = $"{LargeRegion.Year}-T2" });
            Assert.NotEmpty(presented.PresentedAt);
        }

        var again = await host.RunAsync("generate", "--region", "large", "--scale", "0.01", "--seed", "7", "--tenant", tenant);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches($@"Units\s+0\s+{region.Units.Count}", again.Out);
        Assert.Matches($@"Frame tables\s+0\s+{region.FrameTables.Count}", again.Out);
        Assert.Matches($@"Budget outcome lines\s+0\s+{N(outcomes)}", again.Out);
        Assert.Matches($@"Goals \(in plans\)\s+0\s+{N(region.Plans.Sum(p => p.Goals.Count))}", again.Out);
        Assert.Matches($@"Goal outcomes\s+0\s+{N(region.GoalOutcomes.Count)}", again.Out);
        Assert.Matches($@"Investment objects\s+0\s+{N(region.InvestmentPlans.Sum(p => p.Rows.Count))}", again.Out);
        Assert.Matches($@"Meetings\s+0\s+{N(region.Calendars.Sum(c => c.Meetings.Count))}", again.Out);
    }

    /// What a body's year-end report must say: the goals service's counts, a budget row for the
    /// body and each unit under it, the frames and the year's outcomes summed, the investments.
    private static ReportFigures Expected(LargeRegion region, string body, Region.Goals.V1.StatusCounts counts)
    {
        var table = region.FrameTables.Single(t => t.BodyCode == body && t.Year == LargeRegion.Year);
        var leaves = region.LeavesOf(body).ToHashSet();
        var investments = region.InvestmentPlans.Single(p => p.BodyCode == body);
        return new ReportFigures(
            Of(counts.Goals), Of(counts.Assignments), region.UnitsUnder(body).Count() + 1,
            table.Rows.Sum(r => r.Amounts.Net),
            region.BudgetOutcomes.SelectMany(b => b.Lines).Where(l => l.Year == LargeRegion.Year && leaves.Contains(l.UnitCode)).Sum(l => l.Amount),
            investments.Rows.Count, investments.Rows.Sum(r => r.AmountKsek) * 1000);
    }

    private static ReportFigures Figures(Report r)
    {
        var body = r.Budget?.Rows.FirstOrDefault(row => row.UnitCode == r.BodyCode);
        return new ReportFigures(Of(r.Goals), Of(r.Assignments), r.Budget?.Rows.Count ?? 0, body?.Frame ?? 0, body?.Outcome ?? 0,
            r.Investments?.Total?.Objects ?? 0, r.Investments?.Total?.Decided ?? 0);
    }

    private static (int, int, int, int, int) Of(GoalsCounts c) => (c.Total, c.Green, c.Yellow, c.Red, c.NotMeasurable);
    private static (int, int, int, int, int) Of(ReportCounts? c) => c is null ? default : (c.Total, c.Green, c.Yellow, c.Red, c.NotMeasurable);

    private sealed record ReportFigures(
        (int Total, int Green, int Yellow, int Red, int NotMeasurable) Goals, (int Total, int Green, int Yellow, int Red, int NotMeasurable) Assignments,
        int BudgetRows, long Frame, long Outcome, int Investments, long InvestmentsDecided);

    private static async Task<Report> ReportWhenAsync(ReportingService.ReportingServiceClient reporting, string body, Func<Report, bool> caughtUp)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Report? report = null;
            try
            {
                report = await reporting.GetReportAsync(new GetReportRequest { BodyCode = body, Period = $"{LargeRegion.Year}-T3" });
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound && DateTime.UtcNow < deadline) { }
            if (report is not null && (caughtUp(report) || DateTime.UtcNow >= deadline)) return report;
            await Task.Delay(250);
        }
    }

    private static string N(int count) => count.ToString(Amounts.Swedish).Replace("\u00A0", "\\s");
}
