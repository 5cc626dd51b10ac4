using System.Diagnostics;
using Region.Reporting.V1;
using Region.ServiceDefaults.Auth;
using Xunit.Abstractions;

namespace Region.EndToEnd.Tests.Faults;

/// Fault 6 of issue 18: a rebuild of reporting's read model while a source service is down. The
/// old report is served meanwhile and the rebuild names the source it waits for; started again on
/// the same address, the source answers and the rebuild completes to the report as it was.
[Collection(FaultsCollection.Name)]
public sealed class SourceDownRebuildTests(FaultSystem faults, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);
    private static readonly GetReportRequest B01 = new() { BodyCode = "B01", Period = $"{Workload.Year}-Y" };

    [Fact]
    public async Task A_rebuild_while_investments_is_down_serves_the_old_report_names_it_and_completes_once_it_is_back()
    {
        using var w = await Workload.StartAsync(faults.System);
        await w.WriteAsync(200);
        await Expectations.SecondsUntilWholeAsync(faults, w, Recovery);
        // The writes' events, before the snapshots announce the same state again under new ids.
        var (events, lost, duplicated) = Expectations.Delivery(faults.Probe, w);
        await faults.System.AllowServiceClientsAsync(w.Tenant);
        var reporting = w.Clients.Reporting;
        var before = await reporting.GetReportAsync(B01);
        Assert.True(before.Investments.Total.Objects > 0, $"B01's investments in the report: {before.Investments}");

        await faults.System.StopAsync("investments");
        var started = await reporting.RebuildReadModelAsync(new());
        Assert.Equal(RebuildState.Running, started.Rebuild.State);
        // Until the rebuild has asked investments and found it away (at once on an idle machine).
        var asked = Stopwatch.StartNew();
        var waiting = await reporting.GetReadModelRebuildAsync(new() { RebuildId = started.Rebuild.RebuildId });
        while (waiting.Sources.Single(s => s.Source == "investments").State != RebuildSourceState.Unreachable)
        {
            Assert.Equal(RebuildState.Running, waiting.State);
            Assert.True(asked.Elapsed < Recovery, $"The rebuild does not name investments as unreachable {Recovery.TotalSeconds:0} s after it started: {waiting}");
            await Task.Delay(250);
            waiting = await reporting.GetReadModelRebuildAsync(new() { RebuildId = started.Rebuild.RebuildId });
        }
        Assert.Equal(RebuildState.Running, waiting.State);
        var investments = waiting.Sources.Single(s => s.Source == "investments");
        Assert.Contains("asking again", investments.Error);
        Assert.Equal(before, await reporting.GetReportAsync(B01));

        var restart = Stopwatch.StartNew();
        await faults.System.StartAgainAsync("investments");
        var rebuild = waiting;
        while (rebuild.State == RebuildState.Running)
        {
            Assert.True(restart.Elapsed < Recovery, $"The rebuild still runs {Recovery.TotalSeconds:0} s after investments was started again: {rebuild}");
            await Task.Delay(250);
            rebuild = await reporting.GetReadModelRebuildAsync(new() { RebuildId = started.Rebuild.RebuildId });
        }
        var seconds = restart.Elapsed.TotalSeconds;
        Assert.True(rebuild.State == RebuildState.Done, $"{rebuild}\n{faults.System.Logs()}");
        Assert.Equal(before, await reporting.GetReportAsync(B01));
        Assert.Empty(await Expectations.ReadModelDifferencesAsync(faults.System.DatabaseOf("reporting"), w));

        faults.Record.Add(new(6, "Rebuild while investments is down, then started again", w.Writes, events, lost, duplicated, seconds), output);
        Assert.Equal((200, 0, 0), (events, lost, duplicated));
    }
}
