using System.Diagnostics;
using Grpc.Core;
using Npgsql;
using Region.Contracts.Events;
using Xunit.Abstractions;
using BudgetApi = Region.Budget.V1;

namespace Region.EndToEnd.Tests.Faults;

/// Faults 4 and 7 of issue 18: two processes of each source service share one database, and many
/// callers race for the same frames; still every event leaves once and the region's total holds.
[Collection(FaultsCollection.Name)]
public sealed class ConcurrencyTests(FaultSystem faults, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);
    private static readonly string[] Sources = ["budget", "goals", "investments", "meetings"];

    [Fact]
    public async Task Two_replicas_of_each_source_service_on_one_database_publish_each_event_exactly_once()
    {
        using var w = await Workload.StartAsync(faults.System);
        // One after the other: four processes starting at once on two busy cores miss their ready timeout.
        var replicas = new List<ServiceProcess>();
        try
        {
            foreach (var source in Sources) replicas.Add(await faults.System.StartReplicaAsync(source));
            var clock = Stopwatch.StartNew();
            await w.WriteAsync(400);
            var seconds = await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);

            var (events, lost, duplicated) = Expectations.Delivery(faults.Probe, w);
            faults.Record.Add(new(4, "Two replicas of each source service on one database", w.Writes, events, lost, duplicated, seconds), output);
            Assert.Equal((400, 0, 0), (events, lost, duplicated));
            output.WriteLine($"400 writes and their events in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task Of_50_concurrent_AdjustFrame_with_one_etag_one_succeeds_and_transfers_under_load_keep_the_region_total()
    {
        using var w = await Workload.StartAsync(faults.System);
        var budget = w.Clients.Budget;
        var read = await budget.GetFrameAsync(new() { UnitCode = "B01", Year = Workload.Year });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            try
            {
                await budget.AdjustFrameAsync(new()
                {
                    UnitCode = "B01", Year = Workload.Year, Etag = read.Etag, Kind = BudgetApi.AdjustmentKind.Prioritisation,
                    Change = new() { PersonnelCosts = Workload.Adjustment }, Reason = Workload.Reason,
                });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));
        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.Equal(49, outcomes.Count(o => o == StatusCode.Aborted));
        var total = await RegionTotalAsync(budget);

        // Transfers between random bodies, retried on a stale etag, while a reader watches the total.
        var transfers = 0;
        using var done = new CancellationTokenSource();
        var totals = new List<long>();
        var watching = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested) totals.Add(await RegionTotalAsync(budget));
        });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            for (var i = 0; i < 25; i++)
            {
                var (from, to) = (Workload.BodyCodes.ElementAt(Random.Shared.Next(Workload.Bodies)), Workload.BodyCodes.ElementAt(Random.Shared.Next(Workload.Bodies)));
                if (from == to) continue;
                await TransferAsync(budget, from, to);
                Interlocked.Increment(ref transfers);
            }
        }));
        await done.CancelAsync();
        await watching;
        Assert.All(totals, t => Assert.Equal(total, t));
        Assert.Equal(total, await RegionTotalAsync(budget));

        // Reporting ends with budget's frames, one by one, and so with the same total.
        var clock = Stopwatch.StartNew();
        var expected = new Dictionary<string, long>();
        foreach (var body in Workload.BodyCodes)
            expected[body] = (await budget.GetFrameAsync(new() { UnitCode = body, Year = Workload.Year })).Current.PersonnelCosts;
        Dictionary<string, long> reported = [];
        while (clock.Elapsed < Recovery)
        {
            await using var connection = new NpgsqlConnection(faults.System.DatabaseOf("reporting"));
            await connection.OpenAsync();
            reported = await Expectations.FramesAsync(connection, w);
            if (expected.All(x => reported.GetValueOrDefault(x.Key) == x.Value)) break;
            await Task.Delay(250);
        }
        Assert.Equal(expected.OrderBy(x => x.Key), reported.OrderBy(x => x.Key));
        Assert.Equal(total, reported.Values.Sum());

        // One adjustment and two entries per transfer, each published once.
        var received = faults.Probe.Of<BudgetFrameAdjusted>(w.Tenant);
        var distinct = received.DistinctBy(e => e.EventId).Count();
        var lost = 1 + 2 * transfers - distinct;
        faults.Record.Add(new(7, "50 concurrent AdjustFrame with one etag, then transfers under load", 50 + transfers, distinct, lost,
            received.Count - distinct, clock.Elapsed.TotalSeconds), output);
        Assert.Equal((0, 0), (lost, received.Count - distinct));
    }

    /// The region's personnel costs in force: the rollup of its frames, read in one call.
    private static async Task<long> RegionTotalAsync(BudgetApi.BudgetService.BudgetServiceClient budget)
    {
        var frames = await budget.ListBudgetFramesAsync(new() { UnitCode = "RJH", Year = Workload.Year });
        return frames.Units.Single(u => u.Unit.Code == "RJH").Rollup.PersonnelCosts;
    }

    private static async Task TransferAsync(BudgetApi.BudgetService.BudgetServiceClient budget, string from, string to)
    {
        while (true)
        {
            var giving = await budget.GetFrameAsync(new() { UnitCode = from, Year = Workload.Year });
            var taking = await budget.GetFrameAsync(new() { UnitCode = to, Year = Workload.Year });
            try
            {
                await budget.TransferFrameAsync(new()
                {
                    FromUnitCode = from, ToUnitCode = to, Year = Workload.Year, FromEtag = giving.Etag, ToEtag = taking.Etag,
                    Change = new() { PersonnelCosts = -500 }, Reason = "Omdisponering",
                });
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
            {
                // Someone else moved one of the frames first: read them again.
            }
        }
    }
}
