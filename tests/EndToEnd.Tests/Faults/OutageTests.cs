using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;
using Xunit.Abstractions;

namespace Region.EndToEnd.Tests.Faults;

/// Faults 1-3 of issue 18: the broker, the reporting process and the database go away under load,
/// and afterwards nothing is lost, nothing is counted twice and reporting equals what was written.
[Collection(FaultsCollection.Name)]
public sealed class OutageTests(FaultSystem faults, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);
    private static readonly string[] Services = ["budget", "goals", "investments", "meetings", "reporting"];

    [Fact]
    public async Task Writes_made_while_RabbitMQ_is_down_for_30_s_all_reach_the_report_once()
    {
        using var w = await Workload.StartAsync(faults.System);
        var writing = w.WriteAsync(1000);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var outage = Stopwatch.StartNew();
        await faults.System.Broker.KillAsync();
        // Meanwhile an operator asks: every service still ready, its broker entry degraded (not down).
        var status = faults.System.RegionCtlAsync(w.Tenant, "status");
        await writing;
        var (statusExit, statusOutput) = await status;
        Assert.True(statusExit == 0, $"regionctl status exited with {statusExit} while only the broker was away:\n{statusOutput}");
        foreach (var service in Services)
            Assert.Matches($@"{service}\s+\S+\s+\S+/readyz\s+ready\s+degraded", statusOutput);
        await Task.Delay(TimeSpan.FromSeconds(30) - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        // Recovery counts from the restart command: the services reconnect while the script still waits on the node.
        var restart = Stopwatch.StartNew();
        await faults.System.Broker.StartAsync();

        await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);
        var seconds = restart.Elapsed.TotalSeconds;
        var (_, healthyOutput) = await faults.System.RegionCtlAsync(w.Tenant, "status");
        Assert.Matches(@"reporting\s+\S+\s+\S+/readyz\s+ready\s+healthy", healthyOutput);

        Assert.Equal(1000, w.Writes);
        var (events, lost, duplicated) = Expectations.Delivery(faults.Probe, w);
        faults.Record.Add(new(1, "RabbitMQ killed for 30 s during 1 000 writes", w.Writes, events, lost, duplicated, seconds), output);
        // A publish whose confirm died with the broker is sent again (at least once); the inbox
        // applies it once, which the exact read model above shows.
        Assert.Equal((1000, 0), (events, lost));
    }

    [Fact]
    public async Task Reporting_killed_mid_stream_restarts_to_the_same_read_model_as_a_clean_rebuild()
    {
        using var w = await Workload.StartAsync(faults.System);
        var writing = w.WriteAsync(400);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var restart = Stopwatch.StartNew();
        await faults.System.KillAndRestartAsync("reporting");
        await writing;
        await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);
        var seconds = restart.Elapsed.TotalSeconds;
        var (events, lost, duplicated) = Expectations.Delivery(faults.Probe, w);

        // A clean rebuild from the sources' snapshots gives the same read model.
        await faults.System.AllowServiceClientsAsync(w.Tenant);
        using (var clients = await SystemClients.ForAsync(faults.System, w.Tenant, RegionRoles.Admin))
            await clients.Reporting.RebuildReadModelAsync(new());
        await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);

        faults.Record.Add(new(2, "Reporting killed (SIGKILL) mid-stream and restarted", w.Writes, events, lost, duplicated, seconds), output);
        Assert.Equal((400, 0, 0), (events, lost, duplicated));
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_fails_calls_fast_with_UNAVAILABLE_and_the_services_recover_on_their_own()
    {
        using var w = await Workload.StartAsync(faults.System);
        using var load = new CancellationTokenSource();
        var writing = w.WriteUntilAsync(load.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await faults.Postgres.StopAsync();

        // While it is down: not ready, a call fails at once with UNAVAILABLE, and the process lives.
        foreach (var service in Services)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyzAsync(service));
        var call = Stopwatch.StartNew();
        await Rpc.FailsWith(StatusCode.Unavailable, () => w.Clients.Budget.GetFrameAsync(new() { UnitCode = "B01", Year = Workload.Year }).ResponseAsync);
        Assert.True(call.Elapsed < TimeSpan.FromSeconds(10), $"UNAVAILABLE took {call.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(5));

        var back = Stopwatch.StartNew();
        await faults.Postgres.StartAsync();
        foreach (var service in Services)
            while ((await ReadyzAsync(service)) != HttpStatusCode.OK)
            {
                Assert.True(back.Elapsed < Recovery, $"{service} not ready again {Recovery.TotalSeconds} s after PostgreSQL's restart");
                await Task.Delay(250);
            }
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.CancelAsync();
        await writing;
        await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);
        var seconds = back.Elapsed.TotalSeconds;
        await NoPartialWritesAsync(w);

        var (events, lost, duplicated) = Expectations.Delivery(faults.Probe, w);
        faults.Record.Add(new(3, "PostgreSQL restarted under load", w.Writes, events, lost, duplicated, seconds), output);
        output.WriteLine($"failed attempts (all retried): {string.Join(", ", w.Failures.Select(f => $"{f.Key} {f.Value}"))}; slowest {w.SlowestFailure.TotalSeconds:0.0} s");
        Assert.Equal([StatusCode.Unavailable], w.Failures.Keys);
        Assert.True(w.SlowestFailure < TimeSpan.FromSeconds(10), $"a failing call took {w.SlowestFailure.TotalSeconds:0.0} s");
        // A publish the dispatcher could not mark sent while the database was away goes again; the
        // inbox applies it once, which the exact read model above shows.
        Assert.Equal((w.Writes, 0), (events, lost));
    }

    /// Budget's own frames agree with their ledgers and with the adjustments that were answered.
    private static async Task NoPartialWritesAsync(Workload w)
    {
        foreach (var (body, adjustments) in w.AdjustmentsPerBody)
        {
            var frame = await w.Clients.Budget.GetFrameAsync(new() { UnitCode = body, Year = Workload.Year });
            Assert.Equal(adjustments, frame.LedgerEntries);
            Assert.Equal(Workload.OpeningPersonnelCosts + adjustments * Workload.Adjustment, frame.Current.PersonnelCosts);
        }
    }

    private async Task<HttpStatusCode> ReadyzAsync(string service)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return (await http.GetAsync(new Uri(faults.System.ServiceProcesses[service].HttpUrl, "/readyz"))).StatusCode;
    }
}
