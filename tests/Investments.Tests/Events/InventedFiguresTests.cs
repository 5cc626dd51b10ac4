using Region.Contracts.Events;
using Region.Investments.V1;
using static Region.TestSupport.Rpc;

namespace Region.Investments.Tests.Events;

/// Issue 22: spending and forecasts recorded as invented (regionctl import of a *.invented.yaml)
/// mark the object's figures as invented, live and in a snapshot, so the report can say so; a
/// real figure recorded later takes the mark away.
public sealed class InventedFiguresTests(InvestmentsHost host) : IClassFixture<InvestmentsHost>
{
    [Fact]
    public async Task Spending_recorded_as_invented_is_announced_as_invented_until_a_real_figure_replaces_it()
    {
        await using var probe = await BusProbe.StartAsync();
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await client.ImportPlanTableAsync(Seed2022.Table());
        var plan = await client.GetPlanAsync(new() { BodyCode = "RS", Year = 2022, UnitCode = "REGIONSERVICE" });
        var ambuss = plan.Objects.Single(x => x.Name == "AMBUSS");
        ambuss = await client.RecordSpendingAsync(new() { Id = ambuss.Id, Etag = ambuss.Etag, SpentToDate = 1_200_000, AsOf = "2022-04-30", Invented = true });
        Assert.True(ambuss.FiguresInvented);
        await client.AnnounceSnapshotAsync(new());

        await probe.WaitUntil(p => p.Of<InvestmentSpendingRecorded>(tenant).Count == 1
            && p.Of<InvestmentObjectAdded>(tenant).Count(e => e.Object.ObjectId == Guid.Parse(ambuss.Id)) == 2, "the spending, live and in the snapshot");
        Assert.True(Assert.Single(probe.Of<InvestmentSpendingRecorded>(tenant)).Object.FiguresInvented);
        var added = probe.Of<InvestmentObjectAdded>(tenant).Where(e => e.Object.ObjectId == Guid.Parse(ambuss.Id)).OrderBy(e => e.Object.Version).ToList();
        Assert.Equal([false, true], added.Select(e => e.Object.FiguresInvented));

        var real = await client.RecordForecastAsync(new() { Id = ambuss.Id, Etag = ambuss.Etag, Forecast = 5_500_000, AsOf = "2022-08-31" });
        Assert.False(real.FiguresInvented);
        await probe.WaitUntil(p => p.Of<InvestmentForecastRecorded>(tenant).Count == 1, "the real forecast");
        Assert.False(Assert.Single(probe.Of<InvestmentForecastRecorded>(tenant)).Object.FiguresInvented);
    }
}
