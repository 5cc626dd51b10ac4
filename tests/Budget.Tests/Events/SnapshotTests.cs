using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Events;

public sealed class SnapshotTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task AnnounceSnapshot_re_announces_the_tenants_state_with_its_versions()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await host.SeededClientAsync(other);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new FrameAmounts { PersonnelCosts = Seed2022.Sek(-0.2m) }, Reason = "Ökning av friskvårdsbidrag", CaseNumber = "RS/44/2020",
        });
        await client.RecordOutcomesAsync(new() { RequestId = "jan", Lines = { new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = -23_000_000 } } });
        await client.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = Seed2022.Sek(-230m) });
        await client.RecordForecastAsync(new() { UnitCode = "RD", Year = 2022, Net = Seed2022.Sek(-232m), Comment = "Högre personalkostnader" });

        // Only listen once the live events have left the outbox: everything that arrives is the snapshot.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await OutboxCountAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The live events are still in the outbox.");
            await Task.Delay(50);
        }
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var response = await client.AnnounceSnapshotAsync(new() { RebuildId = "rebuild-1" });

        // 7 units, 4 frames, 1 ledger entry, financing, 1 outcome batch, 1 forecast, 1 import; then the marker.
        Assert.Equal(16, response.Events);
        await events.WaitUntil(e => e.Received.Count(x => x.Event.Tenant == tenant) == 17, TimeSpan.FromSeconds(30), "the snapshot");
        Assert.Empty(events.Of<OrgUnitCreated>(other));
        var marker = Assert.Single(events.Of<BudgetSnapshotAnnounced>(tenant));
        Assert.Equal(("rebuild-1", 16), (marker.RebuildId, marker.Events));
        var snapshot = events.Received.Where(x => x.Event.Tenant == tenant && x.Event is not BudgetSnapshotAnnounced).Select(x => x.Event).ToList();
        Assert.Equal(snapshot.Select(e => e.EventId).Order(), marker.EventIds.Values.SelectMany(ids => ids).Order());
        Assert.Equal(snapshot.Count(e => e is OrgUnitCreated), marker.EventIds["OrgUnitCreated"].Count);

        Assert.Equal(["RD", "RJH", "RS", "RS-FTM", "RS-TJM", "RST", "VV"], events.Of<OrgUnitCreated>(tenant).Select(e => e.Unit.Code).Order(StringComparer.Ordinal));
        var rd = events.Of<BudgetFrameOpened>(tenant).Single(e => e.Frame.UnitCode == "RD").Frame;
        Assert.Equal((2, Seed2022.Sek(-234.4m), Seed2022.Sek(-234.2m)), (rd.Version, rd.Current.Net, rd.Opening.Net));
        var adjusted = Assert.Single(events.Of<BudgetFrameAdjusted>(tenant));
        Assert.Equal(("RS/44/2020", 2), (adjusted.Entry.CaseNumber, adjusted.Frame.Version));
        Assert.Equal(Seed2022.Sek(3360.2m), Assert.Single(events.Of<FinancingSet>(tenant)).Financing.TaxRevenue);
        var line = Assert.Single(Assert.Single(events.Of<BudgetOutcomeRecorded>(tenant)).Lines);
        Assert.Equal(("RD", 1, -23_000_000L), (line.UnitCode, line.Month, line.Amount));
        var forecast = Assert.Single(events.Of<BudgetForecastRecorded>(tenant));
        Assert.Equal((Seed2022.Sek(-232m), 2, "Högre personalkostnader"), (forecast.Net, forecast.Version, forecast.Comment));
        Assert.Equal(3, Assert.Single(events.Of<FrameTableImported>(tenant)).Findings.Count);
    }

    async Task<int> OutboxCountAsync()
    {
        await using var db = host.Db("any");
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.OutboxMessages);
    }
}
