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
/// The goal row does the same with a goal outcome (RecordOutcome at the goals service, the issue's
/// own measure): its outcome and the status it moves arrive as two events, for one row of the read model.
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
    private GoalsBenchHost? _goalsHost;
    private Region.Goals.V1.GoalsService.GoalsServiceClient _goals = null!;
    private AsyncServerStreamingCall<ReportSummary> _goalWatch = null!;
    private string _goalEtag = "0";
    private int _goalOutcomes;
    private WatchStages _stages = null!;

    // Each row warms on its own operation until the JIT is quiet (SteadyState).
    [GlobalSetup(Target = nameof(PublishToConsumer))]
    public Task SetUpPublishAsync() => SetUpAsync(withGoals: false, "publish to a consumer", PublishToConsumer);

    [GlobalSetup(Target = nameof(OutcomeToSummary))]
    public Task SetUpOutcomeAsync() => SetUpAsync(withGoals: false, "outcome to summary", OutcomeToSummary);

    [GlobalSetup(Target = nameof(GoalOutcomeToSummary))]
    public Task SetUpGoalOutcomeAsync() => SetUpAsync(withGoals: true, "goal outcome to summary", GoalOutcomeToSummary);

    private async Task SetUpAsync(bool withGoals, string row, Func<Task> warmingRound)
    {
        _stages = withGoals
            ? new WatchStages(["GoalOutcomeRecorded", "GoalStatusAssessed"], ["goal-outcome", "goal-status"])
            : new WatchStages(["BudgetOutcomeRecorded"], ["budget-outcome"]);
        _stages.Start();
        if (withGoals) _goalsHost = await GoalsBenchHost.StartAsync();
        _budgetHost = await BenchHost.StartAsync();
        _reportingHost = await ReportingBenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        _budget = _budgetHost.Client(tenant);
        await BenchData.CreateTreeAsync(_budget, areas: 2);
        var table = BenchData.Table(areas: 2, BenchData.Year);
        _tableUnits = table.Rows.Select(r => r.UnitCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        await _budget.ImportFrameTableAsync(table);
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
        if (_goalsHost is not null)
        {
            _goals = _goalsHost.Client(tenant);
            await GoalsBenchHost.ImportPlanAsync(_goals, Timeout);
            _goalWatch = reporting.WatchReport(Report);
            await RecordGoalOutcomeAsync();
            await NextGoalSummaryAsync();
        }

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
        await SteadyState.WarmAsync(row, warmingRound);
        _stages.Forget();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        foreach (var line in _stages.Report(_goalsHost is null ? "Outcome → summary, stages" : "Goal outcome → summary, stages")) Console.WriteLine(line);
        _stages.Dispose();
        _goalWatch?.Dispose();
        if (_goalsHost is not null) await _goalsHost.DisposeAsync();
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
        _stages.Begin();
        await RecordAsync();
        var returned = DateTime.UtcNow;
        using var timeout = new CancellationTokenSource(Timeout);
        if (!await _watch.ResponseStream.MoveNext(timeout.Token)) throw new InvalidOperationException("WatchReport ended.");
        _stages.End(returned, DateTime.UtcNow);
        // Fail rather than time the wrong summary: each outcome moves the deviation by one krona more.
        if (_watch.ResponseStream.Current.Deviation != Deviation(_outcomes))
            throw new InvalidOperationException($"The summary shows deviation {_watch.ResponseStream.Current.Deviation}, expected {Deviation(_outcomes)}.");
    }

    [Benchmark(Description = "Goal outcome recorded (gRPC, goals) → next WatchReport summary")]
    public async Task GoalOutcomeToSummary()
    {
        _stages.Begin();
        await RecordGoalOutcomeAsync();
        var returned = DateTime.UtcNow;
        await NextGoalSummaryAsync();
        _stages.End(returned, DateTime.UtcNow);
    }

    /// The goal's T2 outcome, alternately under and over its target of at most 4.8 %: its status
    /// moves between green and red each time, and so does the report's summary.
    private async Task RecordGoalOutcomeAsync()
    {
        _goalOutcomes++;
        var followUp = await _goals.RecordOutcomeAsync(new()
        {
            BodyCode = BenchData.Body, Year = BenchData.Year, GoalCode = GoalsBenchHost.GoalCode, Etag = _goalEtag,
            Period = new() { Year = BenchData.Year, Kind = Region.Common.V1.PeriodKind.Tertial, Number = 2 },
            Outcome = new() { Total = GoalIsGreen ? "4.0" : "20.0" },
        });
        _goalEtag = followUp.OutcomeEtag;
    }

    private bool GoalIsGreen => _goalOutcomes % 2 == 1;

    /// Reads summaries until one shows the goal's new status (an earlier one may show only its outcome).
    private async Task NextGoalSummaryAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (!await _goalWatch.ResponseStream.MoveNext(timeout.Token)) throw new InvalidOperationException("WatchReport ended.");
            var goals = _goalWatch.ResponseStream.Current.Goals;
            if ((goals.Green, goals.Red) == (GoalIsGreen ? (1, 0) : (0, 1))) return;
        }
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
    private HashSet<string> _tableUnits = [];

    private async Task<bool> HasOutcomeAsync(ReportingService.ReportingServiceClient reporting)
    {
        try
        {
            var report = await reporting.GetReportAsync(Report);
            var body = report.Budget.Rows.FirstOrDefault(r => r.UnitCode == BenchData.Body);
            if (body is null || body.Outcome == 0) return false;
            // The frames arrive as events of their own, maybe after the outcome: a deviation taken
            // before the last of them is not the one the iterations move on from.
            if (report.Budget.Rows.Count(r => _tableUnits.Contains(r.UnitCode) && r.Frame != 0) < _tableUnits.Count) return false;
            _firstDeviation = body.Deviation;
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
