using Region.Reporting.Tests.Events;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.ReadModel;

/// The rebuild while its source, the budget service, is stopped and started again on its address.
/// A class (and host) of its own: reporting's channel to budget backs off after the failed calls,
/// and the other rebuild tests expect budget to answer their first call.
public sealed class SourceDownRebuildTests(ReportingWithBudget fixture) : RebuildSteps(fixture), IClassFixture<ReportingWithBudget>
{
    [Fact]
    public async Task A_rebuild_while_its_source_is_down_serves_the_old_report_waits_for_it_and_completes_once_it_is_back()
    {
        var (tenant, reporting, before, beforeReport) = await SeededAsync();
        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        await Host.Budget.StopAsync();
        RebuildReadModelResponse started;
        try
        {
            started = await reporting.RebuildReadModelAsync(new());
            Assert.Equal(RebuildState.Running, started.Rebuild.State);
            Assert.Empty(started.Announced);
            // Asked again while it is away, and named as the one the rebuild waits for.
            await ReportingHost.Eventually(async () => await AttemptsAsync(tenant, started.Rebuild.RebuildId) >= 2, "a second attempt at budget");
            var waiting = await reporting.GetReadModelRebuildAsync(new() { RebuildId = started.Rebuild.RebuildId });
            Assert.Equal(RebuildState.Running, waiting.State);
            var budget = waiting.Sources.Single();
            Assert.Equal(("budget", RebuildSourceState.Unreachable), (budget.Source, budget.State));
            Assert.Contains("could not be reached (Unavailable)", budget.Error);
            Assert.Contains("asking again", budget.Error);
            Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
            Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
        }
        finally
        {
            // On the address the rebuild asks.
            Host.Budget.StartAgain();
        }

        var done = await EndedAsync(reporting, started.Rebuild.RebuildId);
        Assert.Equal(RebuildState.Done, done.State);
        var answered = done.Sources.Single();
        Assert.Equal((RebuildSourceState.Complete, ""), (answered.State, answered.Error));
        Assert.True(answered.Announced > 0 && answered.Received == answered.Expected, $"{answered.Received} of {answered.Expected}");
        Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
        Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
    }

    [Fact]
    public async Task A_rebuild_whose_source_stays_down_fails_at_the_timeout_naming_it_and_keeps_the_old_report()
    {
        var (tenant, reporting, before, beforeReport) = await SeededAsync();
        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        await Host.Budget.StopAsync();
        try
        {
            var started = await reporting.RebuildReadModelAsync(new());
            Assert.Equal(RebuildState.Running, started.Rebuild.State);
            var failed = await EndedAsync(reporting, started.Rebuild.RebuildId);
            Assert.Equal(RebuildState.Failed, failed.State);
            Assert.Matches(@"Timed out waiting for budget \(could not be reached \(Unavailable\); \d+ attempts\)", failed.Failure);
            Assert.Equal(RebuildSourceState.Unreachable, failed.Sources.Single().State);
            Assert.DoesNotContain("asking again", failed.Sources.Single().Error);
            Assert.Equal(0, await ShadowRowsAsync(tenant));
            Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
            Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
        }
        finally
        {
            Host.Budget.StartAgain();
        }
    }
}
