using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Region.Budget.V1;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using Xunit.Abstractions;

namespace Region.Deploy.Tests.Telemetry;

/// Two services in one process, each with the telemetry ServiceDefaults gives it, on real
/// PostgreSQL and the shared RabbitMQ: the budget service (Kestrel, real HTTP/2 gRPC) and a replica
/// service consuming its unit events. Spans of both are collected in memory.
public sealed class CrossServiceTraceTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly ActivitySource Regionctl = new("Region.Deploy.Tests.Regionctl");

    readonly PostgresDatabase _budgetDatabase = new();
    readonly PostgresDatabase _replicaDatabase = new();
    readonly ExportedSpans _spans = new();
    readonly ConcurrentQueue<CapturedLog> _logs = new();
    WebApplicationFactory<Program>? _budget;
    WebApplication? _replica;
    TracerProvider? _client;
    GrpcChannel? _channel;
    int _budgetHttpPort, _replicaHttpPort;

    public async Task InitializeAsync()
    {
        await _budgetDatabase.InitializeAsync();
        await _replicaDatabase.InitializeAsync();
        // regionctl's side: its root span and the outgoing gRPC call.
        _client = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(Regionctl.Name)
            .AddGrpcClientInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(_spans)
            .Build();

        _replicaHttpPort = FreePort();
        _replica = await ReplicaHost.StartAsync(_replicaDatabase.ConnectionString, TestInfra.RabbitMqUri, FreePort(), _replicaHttpPort, _spans, _logs);

        var grpcPort = FreePort();
        _budgetHttpPort = FreePort();
        _budget = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _budgetDatabase.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Ports:Grpc", grpcPort.ToString());
            web.UseSetting("Ports:Http", _budgetHttpPort.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
        });
        _budget.UseKestrel();
        _budget.StartServer();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_budget is not null) await _budget.DisposeAsync();
        if (_replica is not null) await _replica.DisposeAsync();
        _client?.Dispose();
        await _budgetDatabase.DisposeAsync();
        await _replicaDatabase.DisposeAsync();
    }

    [Fact]
    public async Task One_trace_spans_the_call_the_write_the_outbox_the_broker_and_the_consumers_write()
    {
        var tenant = "trace-" + Guid.NewGuid().ToString("N")[..8];
        ActivityTraceId traceId;
        using (var call = Regionctl.StartActivity("regionctl units create", ActivityKind.Internal))
        {
            Assert.NotNull(call);
            traceId = call.TraceId;
            await Budget(tenant).CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        }

        await Eventually(async () =>
        {
            await using var db = Replica(tenant);
            return await db.OrgUnits.AnyAsync(u => u.Code == "RJH");
        }, "the replica to hold the unit");
        // The consumer's write is committed; its span and the consume span around it end right after.
        // So does the outbox publish span, once the broker's confirm is back: wait for all of them.
        await Eventually(() => Task.FromResult(Trace(traceId) is var t
                && t.Any(s => IsInsert(s, "org_unit_replica")) && t.Any(IsReplicaConsume)
                && t.Any(s => s.Source.Name == OutboxTelemetry.ActivitySourceName)),
            "the consumer's and the outbox publish's spans");

        var trace = Trace(traceId);
        foreach (var s in trace.OrderBy(s => s.StartTimeUtc))
            output.WriteLine($"{s.Source.Name,-28} {s.Kind,-8} {s.SpanId} <- {s.ParentSpanId} {s.DisplayName}");

        var root = Assert.Single(trace, s => s.Source.Name == Regionctl.Name);
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("CreateUnit"));
        var write = Assert.Single(trace, s => IsInsert(s, "outbox_messages"));
        var publish = Assert.Single(trace, s => s.Source.Name == OutboxTelemetry.ActivitySourceName);
        var send = Assert.Single(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        var consume = Assert.Single(trace, IsReplicaConsume);
        var replicaWrite = Assert.Single(trace, s => IsInsert(s, "org_unit_replica"));

        AssertChild(trace, server, root, "the budget service's gRPC span continues regionctl's call");
        AssertChild(trace, write, server, "the outbox row is written inside the call");
        AssertChild(trace, publish, server, "the outbox publish continues the call's trace (through the row)");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        AssertChild(trace, send, publish, "MassTransit's send happens inside the outbox publish");
        AssertChild(trace, consume, send, "the consumer in the other host continues from the message's traceparent");
        AssertChild(trace, replicaWrite, consume, "the consumer's database write is part of its consume span");

        // The consumer's log lines carry the trace id in their scope.
        var logged = Assert.Single(_logs, l => l.Message.Contains("Replica unit RJH"));
        Assert.Equal(traceId.ToString(), logged.Scope.GetValueOrDefault("TraceId")?.ToString());
        Assert.Equal(replicaWrite.TraceId.ToString(), logged.Scope.GetValueOrDefault("TraceId")?.ToString());
    }

    [Fact]
    public async Task Metrics_endpoint_shows_the_outbox_and_the_events_consumed_and_failed_per_type()
    {
        var tenant = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var budget = Budget(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "FAIL-RS", Name = "Refused", Level = UnitLevel.Body, ParentCode = "RJH" });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually(async () =>
        {
            var scrape = await http.GetStringAsync($"http://127.0.0.1:{_budgetHttpPort}/metrics");
            return scrape.Contains("region_outbox_published_total{") && Has(scrape, "region_outbox_backlog{", "dbcontext=\"BudgetDb\"");
        }, "the budget service's outbox metrics");
        var budgetScrape = await http.GetStringAsync($"http://127.0.0.1:{_budgetHttpPort}/metrics");
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

    static bool IsReplicaConsume(Activity span) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && span.Tags.Any(t => t.Value?.Contains("OrgUnitReplicaConsumer") == true);

    static bool IsInsert(Activity span, string table) =>
        span.Source.Name == "Npgsql"
        && span.TagObjects.Any(t => t.Key is "db.statement" or "db.query.text" && t.Value is string sql
            && sql.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase) && sql.Contains(table));

    static void AssertChild(IReadOnlyList<Activity> trace, Activity child, Activity ancestor, string what)
    {
        var bySpan = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var at = child; bySpan.TryGetValue(at.ParentSpanId, out var parent); at = parent)
            if (parent.SpanId == ancestor.SpanId)
                return;
        Assert.Fail($"Not so: {what} ({child.DisplayName} does not descend from {ancestor.DisplayName})");
    }

    IReadOnlyList<Activity> Trace(ActivityTraceId traceId) =>
        _spans.Snapshot().Where(s => s.TraceId == traceId).GroupBy(s => s.SpanId).Select(g => g.First()).ToList();

    BudgetService.BudgetServiceClient Budget(string tenant) =>
        new(_channel!.Intercept(m => { m.Add(CallerContext.TenantHeader, tenant); return m; }));

    ReplicaDb Replica(string tenant) =>
        new(new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(_replicaDatabase.ConnectionString).Options, new CallerContext { Tenant = tenant });

    static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {Patience.TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }

    static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
