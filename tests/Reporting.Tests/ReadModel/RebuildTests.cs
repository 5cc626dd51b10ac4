using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Tests.Events;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Reporting.Tests.ReadModel;

/// The rebuild with the budget service as its source, on the shared broker: built beside the live
/// model, switched once budget's snapshot has arrived, failed at the timeout when it does not.
/// Budget's events are held in its outbox to keep its snapshot back, as a source cut off from the
/// broker would. (Budget stopped, as a source that is down: SourceDownRebuildTests.)
public sealed class RebuildTests(ReportingWithBudget fixture) : RebuildSteps(fixture), IClassFixture<ReportingWithBudget>
{
    [Fact]
    public async Task The_old_report_is_served_until_every_snapshot_has_arrived_and_then_the_rebuilt_one()
    {
        var (tenant, reporting, before, beforeReport) = await SeededAsync();
        // A live model that has drifted from the source: Regionstaben's forecast changed behind the events' back.
        await using (var db = Host.Db(tenant))
        {
            (await db.Forecasts.SingleAsync(f => f.UnitCode == "RST")).Net = -1;
            await db.SaveChangesAsync();
        }
        // Written as another replica would: it shows once reporting hears of the commit (milliseconds).
        Region.Reporting.V1.Report drifted = beforeReport;
        await ReportingHost.Eventually(async () => !beforeReport.Equals(drifted = await reporting.GetReportAsync(RsT2)), "the drifted forecast in the report");

        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        RebuildReadModelResponse started;
        await Host.HoldBudgetEventsAsync();
        try
        {
            started = await reporting.RebuildReadModelAsync(new());
            Assert.Equal(RebuildState.Running, started.Rebuild.State);
            Assert.True(started.Announced["budget"] > 0);
            var second = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => reporting.RebuildReadModelAsync(new()).ResponseAsync);
            Assert.Contains("already running", second.Status.Detail);

            await Task.Delay(1000);
            Assert.Equal(drifted, await reporting.GetReportAsync(RsT2));
            var progress = await reporting.GetReadModelRebuildAsync(new() { RebuildId = started.Rebuild.RebuildId });
            Assert.Equal(RebuildState.Running, progress.State);
            Assert.Equal(("budget", RebuildSourceState.Requested), (progress.Sources.Single().Source, progress.Sources.Single().State));
        }
        finally
        {
            await Host.ReleaseBudgetEventsAsync();
        }

        var done = await EndedAsync(reporting, started.Rebuild.RebuildId);
        Assert.Equal(RebuildState.Done, done.State);
        var budget = done.Sources.Single();
        Assert.Equal(RebuildSourceState.Complete, budget.State);
        Assert.True(budget.Expected > 0 && budget.Received == budget.Expected, $"{budget.Received} of {budget.Expected}");
        Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
        Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
    }

    [Fact]
    public async Task A_rebuild_whose_source_never_delivers_fails_at_the_timeout_naming_it_and_a_later_one_completes()
    {
        var (tenant, reporting, before, beforeReport) = await SeededAsync();
        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        await Host.HoldBudgetEventsAsync();
        try
        {
            var started = await reporting.RebuildReadModelAsync(new());
            // A live event meanwhile fills the shadow (the live model already holds its state).
            await PublishForecastAsync(tenant, version: 0, net: null);
            await ReportingHost.Eventually(async () => await ShadowRowsAsync(tenant) > 0, "the live event in the shadow");

            var failed = await EndedAsync(reporting, started.Rebuild.RebuildId);
            Assert.Equal(RebuildState.Failed, failed.State);
            Assert.Contains("budget (its snapshot's end marker has not arrived", failed.Failure);
            Assert.Equal(RebuildSourceState.Requested, failed.Sources.Single().State);
            Assert.Equal(0, await ShadowRowsAsync(tenant));
            Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
            Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
        }
        finally
        {
            await Host.ReleaseBudgetEventsAsync();
        }

        // The source is back (its old snapshot arrives too, and is no part of the new rebuild).
        var again = await reporting.RebuildReadModelAsync(new());
        Assert.Equal(RebuildState.Done, (await EndedAsync(reporting, again.Rebuild.RebuildId)).State);
        Assert.Equal(before, await BudgetSeed.DumpAsync(Host, tenant));
        Assert.Equal(beforeReport, await reporting.GetReportAsync(RsT2));
    }

    [Fact]
    public async Task A_live_event_arriving_during_a_rebuild_is_in_the_model_after_the_switch()
    {
        var (tenant, reporting, _, _) = await SeededAsync();
        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        RebuildReadModelResponse started;
        await Host.HoldBudgetEventsAsync();
        try
        {
            started = await reporting.RebuildReadModelAsync(new());
            // Newer than the state budget's snapshot carries: without it the switch would bring back the older one.
            await PublishForecastAsync(tenant, version: 1, net: -480_000_000);
            await ReportingHost.Eventually(async () => (await ForecastAsync(tenant)).Net == -480_000_000, "the live event in the live model");
            Assert.Equal(RebuildState.Running, (await reporting.GetReadModelRebuildAsync(new())).State);
        }
        finally
        {
            await Host.ReleaseBudgetEventsAsync();
        }
        Assert.Equal(RebuildState.Done, (await EndedAsync(reporting, started.Rebuild.RebuildId)).State);
        Assert.Equal(-480_000_000, (await ForecastAsync(tenant)).Net);
    }

    [Fact]
    public async Task A_rebuilt_read_model_equals_the_one_built_live()
    {
        var (tenant, reporting, live, liveReport) = await SeededAsync();
        // Reporting asks budget with its own client-credentials token (role snapshot), not the caller's.
        await Host.AllowRebuildAsync([tenant], ["snapshot"]);
        var response = await reporting.RebuildReadModelAsync(new());
        Assert.True(response.Announced["budget"] > 0);
        Assert.Equal(RebuildState.Done, (await EndedAsync(reporting, response.Rebuild.RebuildId)).State);
        Assert.Equal(live, await BudgetSeed.DumpAsync(Host, tenant));
        Assert.Equal(liveReport, await reporting.GetReportAsync(RsT2));
        // The one audit entry of the switch, as the admin who asked.
        await using var db = Host.Db(tenant);
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "rebuilt").ToListAsync());
    }

    [Fact]
    public async Task A_rebuild_for_a_tenant_reportings_client_may_not_act_for_is_refused_and_wipes_nothing()
    {
        var (tenant, reporting, live, _) = await SeededAsync();
        await Host.AllowRebuildAsync([ReportingHost.NewTenant()], ["snapshot"]);
        var refused = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => reporting.RebuildReadModelAsync(new()).ResponseAsync);
        Assert.Contains("may not act for tenant", refused.Status.Detail);
        Assert.Equal(live, await BudgetSeed.DumpAsync(Host, tenant));
        await Rpc.FailsWith(StatusCode.NotFound, () => reporting.GetReadModelRebuildAsync(new()).ResponseAsync);
    }

    [Fact]
    public async Task A_rebuild_whose_client_lacks_the_snapshot_role_is_refused_by_the_source()
    {
        var tenant = ReportingHost.NewTenant();
        // A reader may read budget but not ask it for a snapshot.
        await Host.AllowRebuildAsync([tenant], ["reader"]);
        var refused = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => Host.Client(tenant).RebuildReadModelAsync(new()).ResponseAsync);
        Assert.Contains("The budget service refused reporting's token (PermissionDenied)", refused.Status.Detail);
        var failed = await Host.Client(tenant).GetReadModelRebuildAsync(new());
        Assert.Equal((RebuildState.Failed, RebuildSourceState.Unreachable), (failed.State, failed.Sources.Single().State));
    }
}

/// A source that cannot be reached is named at once and waited for until the timeout.
public sealed class UnreachableSourceTests(ReportingWithUnreachableGoals host) : IClassFixture<ReportingWithUnreachableGoals>
{
    [Fact]
    public async Task A_source_that_cannot_be_reached_is_named_at_once_and_fails_the_rebuild_at_the_timeout()
    {
        var tenant = ReportingHost.NewTenant();
        await host.AllowRebuildAsync([tenant], ["snapshot"]);
        var reporting = host.Client(tenant);
        var started = await reporting.RebuildReadModelAsync(new());
        Assert.Equal(RebuildState.Running, started.Rebuild.State);
        var goals = started.Rebuild.Sources.Single();
        Assert.Equal(("goals", RebuildSourceState.Unreachable), (goals.Source, goals.State));
        Assert.Contains("could not be reached", goals.Error);

        Region.Reporting.V1.ReadModelRebuild rebuild = null!;
        await ReportingHost.Eventually(async () => (rebuild = await reporting.GetReadModelRebuildAsync(new())).State != RebuildState.Running,
            "the rebuild to end", seconds: ReportingHost.RebuildTimeout.TotalSeconds + 40);
        Assert.Equal(RebuildState.Failed, rebuild.State);
        Assert.Contains("goals (could not be reached", rebuild.Failure);
        Assert.Equal(RebuildSourceState.Unreachable, rebuild.Sources.Single().State);
    }
}
