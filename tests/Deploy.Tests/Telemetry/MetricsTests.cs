using Microsoft.AspNetCore.Builder;
using Region.Budget.V1;
using Region.TestSupport;
using Xunit.Abstractions;
using static Region.Deploy.Tests.Telemetry.Network;

namespace Region.Deploy.Tests.Telemetry;

/// The budget service and a second host consuming its unit events (one of which always fails),
/// each scraped at its Prometheus endpoint.
public sealed class MetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly PostgresDatabase _replicaDatabase = new();
    readonly ExportedSpans _spans = new(); // not looked at here; the hosts need somewhere to export
    BudgetOnKestrel? _budget;
    WebApplication? _replica;
    int _replicaHttpPort;

    public async Task InitializeAsync()
    {
        await _replicaDatabase.InitializeAsync();
        _replicaHttpPort = TestInfra.FreePort();
        _replica = await ReplicaHost.StartAsync(_replicaDatabase.ConnectionString, TestInfra.RabbitMqUri, TestInfra.FreePort(), _replicaHttpPort, _spans, new());
        _budget = new BudgetOnKestrel(_spans);
        await _budget.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_budget is not null) await _budget.DisposeAsync();
        if (_replica is not null) await _replica.DisposeAsync();
        await _replicaDatabase.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_endpoint_shows_the_outbox_and_the_events_consumed_and_failed_per_type()
    {
        var tenant = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var budget = _budget!.Client(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "FAIL-RS", Name = "Refused", Level = UnitLevel.Body, ParentCode = "RJH" });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually(async () =>
        {
            var scrape = await http.GetStringAsync($"http://127.0.0.1:{_budget.HttpPort}/metrics");
            return scrape.Contains("region_outbox_published_total{") && Has(scrape, "region_outbox_backlog{", "dbcontext=\"BudgetDb\"");
        }, "the budget service's outbox metrics");
        var budgetScrape = await http.GetStringAsync($"http://127.0.0.1:{_budget.HttpPort}/metrics");
        Assert.True(Has(budgetScrape, "region_outbox_oldest_age_seconds{", "dbcontext=\"BudgetDb\""), "no region_outbox_oldest_age_seconds for BudgetDb");

        // The failing consumer gives up after the bus's retries (about 11 s).
        await Eventually(async () =>
        {
            var scrape = await http.GetStringAsync($"http://127.0.0.1:{_replicaHttpPort}/metrics");
            return Has(scrape, "region_events_consume_failures_total{", "event=\"OrgUnitCreated\"", "exception=\"InvalidOperationException\"");
        }, "the consumer failure");
        var replicaScrape = await http.GetStringAsync($"http://127.0.0.1:{_replicaHttpPort}/metrics");
        output.WriteLine(string.Join('\n', replicaScrape.Split('\n').Where(l => l.StartsWith("region_"))));
        Assert.True(Has(replicaScrape, "region_events_consumed_total{", "event=\"OrgUnitCreated\""), "no region_events_consumed_total for OrgUnitCreated");
        // Once per delivery, not once per retry attempt.
        Assert.True(Has(replicaScrape, "region_events_consume_failures_total{", "event=\"OrgUnitCreated\"", "} 1"), "the failure was counted more than once");
    }

    static bool Has(string scrape, params string[] parts) =>
        scrape.Split('\n').Any(line => parts.All(line.Contains));
}
