using BenchmarkDotNet.Attributes;
using Grpc.Core;
using MassTransit;
using Region.Budget.V1;
using Region.Reporting.V1;
using Region.TestSupport;

namespace Region.Benchmarks;

/// A small message delivered through the broker to a consumer of this run (the latency baseline).
public sealed record BenchOutcomePing(int Sequence);

/// How long a recorded outcome takes to reach a report watcher: RecordOutcomes over gRPC at the
/// budget service → outbox → RabbitMQ → reporting's read model → the WatchReport stream's next
/// summary, both services in this process on the shared broker. One outcome per iteration, timed
/// until the summary with its deviation arrives; the median and p99 are the measure
/// (≤ 50 ms, ≤ 250 ms). Baseline: one confirmed publish to a consumer, timed until it arrives.
[Config(typeof(LatencyConfig))]
public class OutcomeToWatchBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly GetReportRequest Report = new() { BodyCode = BenchData.Body, Period = $"{BenchData.Year}-T2" };

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly ArrivalCounter _pings = new();
    private BenchHost _budgetHost = null!;
    private ReportingBenchHost _reportingHost = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private AsyncServerStreamingCall<ReportSummary> _watch = null!;
    private IBusControl _bus = null!;
    private int _outcomes;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _budgetHost = await BenchHost.StartAsync();
        _reportingHost = await ReportingBenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        _budget = _budgetHost.Client(tenant);
        await BenchData.CreateTreeAsync(_budget, areas: 2);
        await _budget.ImportFrameTableAsync(BenchData.Table(areas: 2, BenchData.Year));
        await RecordAsync();
        var reporting = _reportingHost.Client(tenant);
        // The report exists once the replica has the body and the read model the outcome.
        var deadline = DateTime.UtcNow + Timeout;
        while (!await HasOutcomeAsync(reporting))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The seeded budget never reached the report.");
            await Task.Delay(100);
        }
        _watch = reporting.WatchReport(Report);
        if (!await _watch.ResponseStream.MoveNext(CancellationToken.None)) throw new InvalidOperationException("WatchReport ended at once.");

        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(TestInfra.RabbitMqUri, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
                h.PublisherConfirmation = true;
            });
            cfg.Message<BenchOutcomePing>(m => m.SetEntityName($"bench-outcome-ping-{_run}"));
            cfg.Publish<BenchOutcomePing>(p => { p.Durable = false; p.AutoDelete = true; });
            cfg.ReceiveEndpoint($"bench-outcome-{_run}", e =>
            {
                e.Durable = false;
                e.AutoDelete = true;
                e.Handler<BenchOutcomePing>(_ => { _pings.Add(); return Task.CompletedTask; });
            });
        });
        await _bus.StartAsync(new CancellationTokenSource(Timeout).Token);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _watch.Dispose();
        await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await _reportingHost.DisposeAsync();
        await _budgetHost.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Publish, confirmed, to a consumer (one message)")]
    public async Task PublishToConsumer()
    {
        var target = _pings.Count + 1;
        await _bus.Publish(new BenchOutcomePing((int)target));
        await _pings.WaitForAsync(target, Timeout, "BenchOutcomePing");
    }

    [Benchmark(Description = "Outcome recorded (gRPC) → next WatchReport summary")]
    public async Task OutcomeToSummary()
    {
        await RecordAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        if (!await _watch.ResponseStream.MoveNext(timeout.Token)) throw new InvalidOperationException("WatchReport ended.");
        // Fail rather than time the wrong summary: each outcome moves the deviation by one krona more.
        if (_watch.ResponseStream.Current.Deviation != Deviation(_outcomes))
            throw new InvalidOperationException($"The summary shows deviation {_watch.ResponseStream.Current.Deviation}, expected {Deviation(_outcomes)}.");
    }

    /// Area 1's May outcome in the personnel column, one krona further over budget each time.
    private async Task RecordAsync()
    {
        _outcomes++;
        await _budget.RecordOutcomesAsync(new()
        {
            RequestId = $"bench-{_run}-{_outcomes}",
            Lines = { new OutcomeLine { UnitCode = BenchData.AreaCode(1), Year = BenchData.Year, Month = 5, Column = FrameColumn.PersonnelCosts, Amount = OutcomeAmount(_outcomes) } },
        });
    }

    private static long OutcomeAmount(int n) => -1_000_000 - n;

    private long Deviation(int n) => _firstDeviation - (n - 1);

    private long _firstDeviation;

    private async Task<bool> HasOutcomeAsync(ReportingService.ReportingServiceClient reporting)
    {
        try
        {
            var report = await reporting.GetReportAsync(Report);
            var body = report.Budget.Rows.FirstOrDefault(r => r.UnitCode == BenchData.Body);
            if (body is null || body.Outcome == 0) return false;
            _firstDeviation = body.Deviation;
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
