extern alias reporting;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Region.Budget.V1;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using Xunit.Abstractions;
using static Region.Deploy.Tests.Telemetry.Network;
using ReportingDb = reporting::Region.Reporting.Data.ReportingDb;
using ReportingProgram = reporting::Program;

namespace Region.Deploy.Tests.Telemetry;

/// The reporting service in-process with queues of its own, its spans and log lines collected.
public sealed class ReportingTraceHost(ICollection<Activity> spans, ConcurrentQueue<CapturedLog> logs) : ServiceHost<ReportingProgram>("reporting")
{
    protected override void Configure(IWebHostBuilder web)
    {
        foreach (var source in new[] { "budget", "goals", "investments", "meetings" }) web.UseSetting($"Sources:{source}:Address", "");
        web.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CapturingLoggerProvider(logs));
            logging.AddFilter<CapturingLoggerProvider>("Region.Reporting", LogLevel.Debug);
        });
        web.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The queues must be bound before the budget service publishes, or RabbitMQ drops the event.
        await WaitForBusAsync();
    }

    public ReportingDb Db(string tenant) => new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = tenant });
}

/// The budget service (Kestrel, real HTTP/2 gRPC) and the reporting service in one process, each
/// with the telemetry its ServiceDefaults give it, on their own PostgreSQL databases and the shared
/// RabbitMQ. Spans of both, and reporting's log lines, are collected in memory.
public sealed class CrossServiceTraceTests : IAsyncLifetime
{
    static readonly ActivitySource Regionctl = new("Region.Deploy.Tests.Regionctl");

    readonly ITestOutputHelper _output;
    readonly ExportedSpans _spans = new();
    readonly ConcurrentQueue<CapturedLog> _logs = new();
    readonly BudgetOnKestrel _budget;
    readonly ReportingTraceHost _reporting;
    TracerProvider? _client;

    public CrossServiceTraceTests(ITestOutputHelper output)
    {
        _output = output;
        _budget = new BudgetOnKestrel(_spans);
        _reporting = new ReportingTraceHost(_spans, _logs);
    }

    public async Task InitializeAsync()
    {
        // regionctl's side: its root span and the outgoing gRPC call.
        _client = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(Regionctl.Name)
            .AddGrpcClientInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(_spans)
            .Build();
        await _reporting.InitializeAsync();
        await _budget.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _budget.DisposeAsync();
        await _reporting.DisposeAsync();
        _client?.Dispose();
    }

    [Fact]
    public async Task One_trace_spans_the_call_the_write_the_outbox_the_broker_and_the_reporting_consumers_write()
    {
        var tenant = "trace-" + Guid.NewGuid().ToString("N")[..8];
        var budget = _budget.Client(tenant);
        await budget.CreateUnitAsync(new() { Code = "RJH", Name = "Region Jämtland Härjedalen", Level = UnitLevel.Region });
        await budget.CreateUnitAsync(new() { Code = "RS", Name = "Regionstyrelsen", Level = UnitLevel.Body, ParentCode = "RJH" });

        ActivityTraceId traceId;
        using (var call = Regionctl.StartActivity("regionctl outcome record", ActivityKind.Internal))
        {
            Assert.NotNull(call);
            traceId = call.TraceId;
            await budget.RecordOutcomesAsync(new RecordOutcomesRequest
            {
                RequestId = "trace-jan",
                Lines = { new OutcomeLine { UnitCode = "RS", Year = 2022, Month = 1, Column = FrameColumn.PersonnelCosts, Amount = -9_500_000 } },
            });
        }

        await Eventually(async () =>
        {
            await using var db = _reporting.Db(tenant);
            return await db.BudgetOutcomes.AnyAsync(o => o.UnitCode == "RS" && o.Month == 1);
        }, "reporting's read model to hold the outcome");
        // The consumer's write is committed; its span and the consume span around it end right after.
        // So does the outbox publish span, once the broker's confirm is back: wait for all of them.
        await Eventually(() => Task.FromResult(Trace(traceId) is var t
                && t.Any(IsReportingOutcomeInsert) && t.Any(IsReportingConsume)
                && t.Any(s => s.Source.Name == OutboxTelemetry.ActivitySourceName)),
            "the consumer's and the outbox publish's spans");

        var trace = Trace(traceId);
        foreach (var s in trace.OrderBy(s => s.StartTimeUtc))
            _output.WriteLine($"{s.Source.Name,-28} {s.Kind,-8} {s.SpanId} <- {s.ParentSpanId} {s.DisplayName}");

        var root = Assert.Single(trace, s => s.Source.Name == Regionctl.Name);
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("RecordOutcomes"));
        var write = Assert.Single(trace, s => IsInsert(s, "outbox_messages"));
        var publish = Assert.Single(trace, s => s.Source.Name == OutboxTelemetry.ActivitySourceName);
        var send = Assert.Single(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        var consume = Assert.Single(trace, IsReportingConsume);
        var reportingWrite = Assert.Single(trace, IsReportingOutcomeInsert);

        AssertChild(trace, server, root, "the budget service's gRPC span continues regionctl's call");
        AssertChild(trace, write, server, "the outbox row is written inside the call");
        AssertChild(trace, publish, server, "the outbox publish continues the call's trace (through the row)");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        AssertChild(trace, send, publish, "MassTransit's send happens inside the outbox publish");
        AssertChild(trace, consume, send, "reporting's consumer continues from the message's traceparent");
        AssertChild(trace, reportingWrite, consume, "reporting's database write is part of its consume span");
        // The inbox row that makes the consumer idempotent is written in the same trace, too.
        AssertChild(trace, Assert.Single(trace, s => IsInsert(s, "inbox") && InReportingDatabase(s)), consume,
            "the inbox row is written by the consumer");

        // Reporting's log line about the change carries the trace id in its scope.
        var logged = Assert.Single(_logs, l => l.Message.Contains($"Read model of {tenant} changed by BudgetOutcomeRecorded"));
        Assert.Equal(traceId.ToString(), logged.Scope.GetValueOrDefault("TraceId")?.ToString());
    }

    bool IsReportingOutcomeInsert(Activity span) => IsInsert(span, "budget_outcomes") && InReportingDatabase(span);

    bool InReportingDatabase(Activity span) =>
        span.TagObjects.Any(t => t.Key is "db.name" or "db.namespace" && Equals(t.Value, _reporting.DatabaseName));

    static bool IsReportingConsume(Activity span) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && span.Tags.Any(t => t.Value?.Contains("BudgetOutcomeConsumer") == true);

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
}
