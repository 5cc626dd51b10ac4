using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Reporting.Tests.Grpc;

/// WatchReport's bounds: streams per caller are capped and freed when a caller leaves, and the
/// streams watching one report share one build per change instead of building it each. A burst of
/// changes ends in a summary of its final state, and a watcher waits for the events being applied.
public sealed class WatchReportTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly GetReportRequest Rs = new() { BodyCode = "RS", Period = "2022-T2" };

    static async Task<AsyncServerStreamingCall<ReportSummary>> OpenAsync(ReportingService.ReportingServiceClient client)
    {
        var call = client.WatchReport(Rs);
        Assert.True(await call.ResponseStream.MoveNext(default));
        return call;
    }

    [Fact]
    public async Task A_caller_holds_four_report_streams_and_a_closed_one_frees_its_place()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var anna = new ReportingService.ReportingServiceClient(host.Invoker(tenant, "anna"));
        var open = new List<AsyncServerStreamingCall<ReportSummary>>();
        try
        {
            for (var i = 0; i < 4; i++) open.Add(await OpenAsync(anna));
            using var fifth = anna.WatchReport(Rs);
            var refused = await Rpc.FailsWith(StatusCode.ResourceExhausted, () => fifth.ResponseStream.MoveNext(default));
            Assert.Contains("limit per caller", refused.Status.Detail);
            // Somebody else of the same region is not held back by Anna's streams.
            using var bertil = await OpenAsync(new ReportingService.ReportingServiceClient(host.Invoker(tenant, "bertil")));

            // Anna closes one: the server sees the cancellation, ends the stream and frees its place.
            open[0].Dispose();
            open.RemoveAt(0);
            await ReportingHost.Eventually(async () =>
            {
                try
                {
                    open.Add(await OpenAsync(anna));
                    return true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false;
                }
            }, "a place for Anna's new stream", 10);
        }
        finally
        {
            foreach (var call in open) call.Dispose();
        }
    }

    [Fact]
    public async Task Streams_watching_one_report_share_one_build_until_the_tenants_read_model_changes()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var summaries = host.Factory.Services.GetRequiredService<ReportSummaries>();
        var changes = host.Factory.Services.GetRequiredService<ReadModelChanges>();
        var period = ReadModelSeed.August;

        var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => summaries.CurrentAsync(tenant, "RS", period, default)));
        Assert.All(first, s => Assert.Same(first[0], s));
        Assert.Equal(1, first[0].Goals.Red);

        // Another tenant's change does not rebuild this report; a change of this tenant's model does.
        changes.Notify(new BudgetYearClosed(Guid.NewGuid(), ReportingHost.NewTenant(), DateTimeOffset.UtcNow, 2022));
        Assert.Same(first[0], await summaries.CurrentAsync(tenant, "RS", period, default));
        changes.Notify(new BudgetYearClosed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, 2022));
        var second = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => summaries.CurrentAsync(tenant, "RS", period, default)));
        Assert.NotSame(first[0], second[0]);
        Assert.All(second, s => Assert.Same(second[0], s));
        Assert.Equal(first[0], second[0]);
    }

    [Fact]
    public async Task A_burst_of_changes_ends_in_a_summary_of_its_final_state()
    {
        var goalId = Guid.Empty;
        var planId = Guid.Empty;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, rows) => (goalId, planId) = (rows.Goal.GoalId, rows.Plan.PlanId));
        using var watch = await OpenAsync(host.Client(tenant));
        Assert.Equal(1, watch.ResponseStream.Current.Goals.Red);

        // Twenty assessments as fast as the bus takes them: red and yellow, the last (newest) green.
        // Only the final state is green, so a summary showing green shows the end of the burst.
        for (var version = 2; version <= 21; version++)
        {
            var status = version == 21 ? "Green" : version % 2 == 0 ? "Yellow" : "Red";
            await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, goalId, planId, ReadModelSeed.August,
                status, "Manual", status, $"Bedömning {version}.", "controller", DateTimeOffset.UtcNow, version));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (watch.ResponseStream.Current.Goals.Green == 0)
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal((1, 0, 0), (watch.ResponseStream.Current.Goals.Green, watch.ResponseStream.Current.Goals.Yellow, watch.ResponseStream.Current.Goals.Red));
    }

    [Fact]
    public async Task An_event_counts_as_in_flight_for_its_tenant_until_its_change_has_committed()
    {
        var goalId = Guid.Empty;
        var planId = Guid.Empty;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, rows) => (goalId, planId) = (rows.Goal.GoalId, rows.Plan.PlanId));
        var inFlight = host.Factory.Services.GetRequiredService<EventsInFlight>();

        // The assessment writes the goal's seeded August row: holding that row's lock holds the
        // consumer mid-change. (Not the version: it has 16 rows a tenant, and a consumer may take one
        // that does not exist yet.)
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        var holding = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""SELECT "Id" FROM goal_periods WHERE "Tenant" = $1 AND "GoalId" = $2 FOR UPDATE""", connection, holding))
        {
            lockRow.Parameters.AddWithValue(tenant);
            lockRow.Parameters.AddWithValue(goalId);
            Assert.NotNull(await lockRow.ExecuteScalarAsync());
        }
        await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, goalId, planId, ReadModelSeed.August,
            "Green", "Computed", "Green", null, null, DateTimeOffset.UtcNow, 2));
        await ReportingHost.Eventually(() => Task.FromResult(inFlight.Count(tenant) == 1), "the event in flight");
        var drained = inFlight.DrainedAsync(tenant, default);
        Assert.False(drained.IsCompleted);
        Assert.Equal(0, inFlight.Count(ReportingHost.NewTenant()));

        await holding.CommitAsync();
        await drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, inFlight.Count(tenant));
        await using var db = host.Db(tenant);
        Assert.Equal("Green", (await db.GoalPeriods.SingleAsync(p => p.GoalId == goalId)).Status);
    }
}
