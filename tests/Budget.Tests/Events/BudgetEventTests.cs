using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Events;

public sealed class BudgetEventTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    [Fact]
    public async Task Every_committed_change_is_announced_with_its_state()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        await client.AdjustFrameAsync(new()
        {
            UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
            Change = new FrameAmounts { PersonnelCosts = Seed2022.Sek(-0.2m) }, Reason = "Ökning av friskvårdsbidrag", CaseNumber = "RS/44/2020",
        });
        await client.RecordOutcomesAsync(new() { RequestId = "jan", Lines = { new OutcomeLine { UnitCode = "RD", Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = -23_000_000 } } });

        await events.WaitUntil(e => e.Of<OrgUnitCreated>(tenant).Count == 7 && e.Of<BudgetFrameOpened>(tenant).Count == 4
            && e.Of<FinancingSet>(tenant).Count == 1 && e.Of<FrameTableImported>(tenant).Count == 1
            && e.Of<BudgetFrameAdjusted>(tenant).Count == 1 && e.Of<BudgetOutcomeRecorded>(tenant).Count == 1,
            TimeSpan.FromSeconds(30), "the budget events");

        var unit = events.Of<OrgUnitCreated>(tenant).Single(e => e.Unit.Code == "RST").Unit;
        Assert.Equal(("Regionstaben", "Area", "RS-TJM"), (unit.Name, unit.Level, unit.ParentCode));
        var adjusted = Assert.Single(events.Of<BudgetFrameAdjusted>(tenant));
        Assert.Equal(("RD", "RS/44/2020", "test.user"), (adjusted.Entry.UnitCode, adjusted.Entry.CaseNumber, adjusted.Entry.ChangedBy));
        Assert.Equal(Seed2022.Sek(-234.4m), adjusted.Frame.Current.Net);
        Assert.Equal(Seed2022.Sek(-234.2m), adjusted.Frame.Opening.Net);
        Assert.Equal(3, Assert.Single(events.Of<FrameTableImported>(tenant)).Findings.Count);
        // The message id is the event id, so consumers can deduplicate redeliveries.
        Assert.All(events.Received.Where(x => x.Event.Tenant == tenant), x => Assert.Equal(x.Event.EventId, x.MessageId));
    }

    [Fact]
    public async Task A_rejected_call_announces_nothing()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        await InvalidArgument(() => client.CreateUnitAsync(new() { Code = "RS", Name = "", Level = UnitLevel.Body, ParentCode = "RJH" }).ResponseAsync, "name");
        await client.CreateUnitAsync(new() { Code = "HSN", Name = "Hälso- och sjukvårdsnämnden", Level = UnitLevel.Body, ParentCode = "RJH" });

        // Events of one outbox are published in commit order, so RS would have gone out before HSN; the
        // collector consumes concurrently, so give a message published earlier a moment to be handled.
        await events.WaitUntil(e => e.Of<OrgUnitCreated>(tenant).Any(u => u.Unit.Code == "HSN"), TimeSpan.FromSeconds(30), "HSN");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(["HSN", "RJH"], events.Of<OrgUnitCreated>(tenant).Select(e => e.Unit.Code).Order());
    }
}

/// The budget service on a private RabbitMQ node that the test stops and starts.
public sealed class BudgetOnPrivateBroker : BudgetHost
{
    public PrivateRabbitMq Broker { get; } = new();

    protected override Uri RabbitMqUri => Broker.Uri;

    public override async Task InitializeAsync()
    {
        await Broker.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

public sealed class BudgetBrokerOutageTests(BudgetOnPrivateBroker host) : IClassFixture<BudgetOnPrivateBroker>
{
    [Fact]
    public async Task Changes_made_while_RabbitMQ_is_down_arrive_exactly_once_when_it_is_back()
    {
        await using var events = await EventCollector.StartAsync(host.Broker.Uri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await Seed2022.CreateUnitsAsync(client);
        await client.ImportFrameTableAsync(Seed2022.Table());
        await events.WaitUntil(e => e.Of<FrameTableImported>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the import");

        using var http = host.HttpClient();
        await WaitForBroker(http, "Healthy");
        await host.Broker.StopAsync();
        // /health says the broker is missing; the service stays ready and keeps taking changes.
        await WaitForBroker(http, "Degraded");
        using (var ready = await http.GetAsync("/readyz"))
            Assert.True(ready.IsSuccessStatusCode, $"A broker outage took the service out of rotation: {await ready.Content.ReadAsStringAsync()}");
        const int changes = 12;
        for (var i = 0; i < changes; i++)
        {
            // Accepted while the broker is away: the event waits in the outbox.
            var frame = await client.GetFrameAsync(new() { UnitCode = "RST", Year = 2022 });
            await client.AdjustFrameAsync(new()
            {
                UnitCode = "RST", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Other,
                Change = new FrameAmounts { OtherExternalCosts = -1000 - i }, Reason = $"Change {i} during the outage",
            });
        }
        Assert.Empty(events.Of<BudgetFrameAdjusted>(tenant));
        await using (var db = host.Db(tenant))
            Assert.True(db.OutboxMessages.Count() >= changes, "the events wait in the outbox");

        await host.Broker.StartAsync();
        await WaitForBroker(http, "Healthy");
        await events.WaitUntil(e => e.Of<BudgetFrameAdjusted>(tenant).Count >= changes, TimeSpan.FromSeconds(90), "the events after the outage");
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a duplicate to show up

        var adjusted = events.Of<BudgetFrameAdjusted>(tenant);
        Assert.Equal(changes, adjusted.Count);
        Assert.Equal(changes, adjusted.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, changes).Select(i => $"Change {i} during the outage").Order(), adjusted.Select(e => e.Entry.Reason).Order());
        // The last state carries every change.
        Assert.Equal(Seed2022.Sek(-455.1m) - Enumerable.Range(0, changes).Sum(i => 1000L + i), adjusted.MaxBy(e => e.Frame.Version)!.Frame.Current.OtherExternalCosts);
    }

    /// Waits for /health to report the broker entry as Healthy or Degraded (never Unhealthy: 200 either way).
    private static async Task WaitForBroker(HttpClient http, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && body.Contains($"broker: {status}")) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"/health stayed {(int)response.StatusCode} {body}; expected broker: {status}.");
            await Task.Delay(250);
        }
    }
}
