extern alias reporting;
using BenchmarkDotNet.Attributes;
using MassTransit;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Region.Budget.V1;
using Region.Contracts.Events;
using Region.Budget.Data;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using ReadModelChanges = reporting::Region.Reporting.ReadModel.ReadModelChanges;

namespace Region.Benchmarks;

/// The event pipeline under load: `Writers` callers, each adjusting its own area's frame one change
/// after the other, so `Writers` changes are in flight at once; every change goes through budget's
/// outbox and RabbitMQ into reporting's read model, and a round ends when reporting has committed
/// all of them. Baseline: the same events (captured from a round of the pipeline), sent with
/// publisher confirms by as many senders in flight to a consumer of this run on the same broker,
/// until the consumer has them all. Times are per event; baseline / row is the pipeline's
/// throughput as a share of the broker's alone.
///
/// The baseline's queue is transient; the row "durable sends" sends the same events to a durable
/// queue, as the services' are, so the broker's own cost of durability shows beside the pipeline.
/// Two pipeline rows: the whole way, the calls included (each a gRPC call and a write transaction in
/// budget, which is most of a change's cost), and the delivery alone: the round's changes are
/// written first with budget's dispatcher stopped, untimed, and the row times a dispatcher started
/// on that outbox until reporting has committed them all (outbox → RabbitMQ → read model, the part
/// that compares with sending the same events). Every row is measured once the JIT is quiet
/// (SteadyState): a long-running service's state, not its first minute. A round is 640 events
/// (20 changes per caller), so a baseline round takes ~150 ms: with 160 it took 25–40 ms, which
/// BenchmarkDotNet flags as too short to time steadily, and the delivery row's start of a
/// dispatcher weighed on each event four times as much.
[Config(typeof(LoadConfig))]
public class EventPipelineBenchmarks
{
    public const int Writers = 32;
    public const int ChangesPerWriter = 20;
    public const int Events = Writers * ChangesPerWriter;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly ArrivalCounter _captured = new();
    private readonly ArrivalCounter _delivered = new();
    private readonly List<BudgetFrameAdjusted> _events = [];
    private BenchHost _budgetHost = null!;
    private ReportingBenchHost _reportingHost = null!;
    private ReadModelChanges _readModel = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private IBusControl _bus = null!;
    private ISendEndpoint _rawConsumer = null!;
    private ISendEndpoint _durableConsumer = null!;
    private string _tenant = "";
    private string[] _etags = [];
    private int _changes;

    private string RawQueue => $"bench-pipeline-raw-{_run}";
    private string DurableQueue => $"bench-pipeline-durable-{_run}";

    private OutboxDispatcher<BudgetDb>? _dispatcher;

    // Each row warms on its own operation until the JIT is quiet (SteadyState).
    [GlobalSetup(Target = nameof(RawSends))]
    public Task SetUpRawSendsAsync() => SetUpAsync(dispatcherRunning: true, "raw sends", RawSends);

    [GlobalSetup(Target = nameof(DurableSends))]
    public Task SetUpDurableSendsAsync() => SetUpAsync(dispatcherRunning: true, "durable sends", DurableSends);

    [GlobalSetup(Target = nameof(Pipeline))]
    public Task SetUpPipelineAsync() => SetUpAsync(dispatcherRunning: true, "pipeline", Pipeline);

    [GlobalSetup(Target = nameof(Delivery))]
    public Task SetUpDeliveryAsync() => SetUpAsync(dispatcherRunning: false, "delivery", async () =>
    {
        await AdjustAllAsync();
        await DeliverAsync();
        await StopDispatcherAsync();
    });

    private async Task SetUpAsync(bool dispatcherRunning, string row, Func<Task> warmingRound)
    {
        _budgetHost = await BenchHost.StartAsync(outboxDispatcher: dispatcherRunning);
        _reportingHost = await ReportingBenchHost.StartAsync();
        _readModel = _reportingHost.Factory.Services.GetRequiredService<ReadModelChanges>();
        await TestInfra.WaitUntilHealthyAsync(_reportingHost.Factory.Services.GetRequiredService<IBusControl>(), "reporting");
        _tenant = BenchHost.NewTenant();
        _budget = _budgetHost.Client(_tenant);
        await BenchData.CreateTreeAsync(_budget, Writers);
        await _budget.ImportFrameTableAsync(BenchData.Table(Writers, BenchData.Year));
        _etags = await Task.WhenAll(Enumerable.Range(1, Writers).Select(async i =>
            (await _budget.GetFrameAsync(new() { UnitCode = BenchData.AreaCode(i), Year = BenchData.Year })).Etag));

        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(TestInfra.RabbitMqUri, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
                h.PublisherConfirmation = true; // as the outbox dispatcher publishes
            });
            // Bound to nothing but its own exchange: only the baseline's sends reach it.
            cfg.ReceiveEndpoint(RawQueue, e =>
            {
                e.Durable = false;
                e.AutoDelete = true;
                e.ConfigureConsumeTopology = false;
                e.Handler<BudgetFrameAdjusted>(_ => { _delivered.Add(); return Task.CompletedTask; });
            });
            // The same, durable as the services' queues are (persistent messages, written to disk
            // before the confirm): what the broker alone costs the pipeline's delivery.
            cfg.ReceiveEndpoint(DurableQueue, e =>
            {
                e.Durable = true;
                e.AutoDelete = true; // gone with this run's consumer (messages stay persistent)
                e.ConfigureConsumeTopology = false;
                e.Handler<BudgetFrameAdjusted>(_ => { _delivered.Add(); return Task.CompletedTask; });
            });
        });
        await _bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        await TestInfra.WaitUntilHealthyAsync(_bus, "benchmark bus");
        // Bound to budget's event exchange: keeps this tenant's events for the baseline. Stopped once
        // it has them (its queue is deleted with it): a second queue bound to the exchange would
        // have the broker deliver every measured event twice, and this process consume each copy.
        var capture = _bus.ConnectReceiveEndpoint($"bench-pipeline-capture-{_run}", e =>
        {
            var rabbit = (MassTransit.IRabbitMqReceiveEndpointConfigurator)e;
            rabbit.Durable = false;
            rabbit.AutoDelete = true;
            e.Handler<BudgetFrameAdjusted>(ctx =>
            {
                if (ctx.Message.Tenant != _tenant) return Task.CompletedTask;
                lock (_events) _events.Add(ctx.Message);
                _captured.Add();
                return Task.CompletedTask;
            });
        });
        await capture.Ready;
        _rawConsumer = await _bus.GetSendEndpoint(new Uri($"queue:{RawQueue}?durable=false&autodelete=true"));
        _durableConsumer = await _bus.GetSendEndpoint(new Uri($"queue:{DurableQueue}?autodelete=true"));

        // The import's frames and its record reach the read model before a round counts changes;
        // then one round through the pipeline warms it, checks it, and gives the baseline its events.
        if (dispatcherRunning)
        {
            await _budgetHost.WaitForEmptyOutboxAsync();
            await WaitForReadModelAsync(Writers + 1);
            await AdjustAndWaitForReadModelAsync();
        }
        else
        {
            await StartDispatcherAsync();
            await WaitForReadModelAsync(Writers + 1);
            await StopDispatcherAsync();
            await AdjustAllAsync();
            await DeliverAsync();
            await StopDispatcherAsync();
        }
        await _captured.WaitForAsync(Events, Timeout, "BudgetFrameAdjusted (captured)");
        await capture.StopAsync(new CancellationTokenSource(Timeout).Token);
        await SteadyState.WarmAsync(row, warmingRound);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await StopDispatcherAsync();
        await _budgetHost.WaitForEmptyOutboxAsync();
        await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await _reportingHost.DisposeAsync();
        await _budgetHost.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "the same events, confirmed sends to a consumer, 32 in flight")]
    public Task RawSends() => SendAllAsync(_rawConsumer, "raw sends");

    [Benchmark(OperationsPerInvoke = Events, Description = "the same events, confirmed sends to a consumer of a durable queue, 32 in flight")]
    public Task DurableSends() => SendAllAsync(_durableConsumer, "durable sends");

    /// The captured events, sent by `Writers` senders at once, until the consumer has them all.
    private async Task SendAllAsync(ISendEndpoint consumer, string round)
    {
        var target = _delivered.Count + Events;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            await Task.Yield();
            for (var i = writer; i < Events; i += Writers) await consumer.Send(_events[i]);
        }));
        await _delivered.WaitForAsync(target, Timeout, "BudgetFrameAdjusted (sent)");
        _round = $"{round} round";
    }

    // What a measured round cost in CPU, counted from its iteration's setup to its cleanup, outside
    // the time BenchmarkDotNet takes: reading /proc and pg_stat_activity takes 12–18 ms, which inside
    // the rounds made a baseline round of ~25 ms look like ~40 (and flattered every ratio).
    private CpuAccount? _account;
    private string _round = "";

    [IterationSetup(Targets = [nameof(RawSends), nameof(DurableSends), nameof(Pipeline)])]
    public void StartAccount() => _account = StartCpuAccountAsync().GetAwaiter().GetResult();

    [IterationCleanup(Targets = [nameof(RawSends), nameof(DurableSends), nameof(Pipeline)])]
    public void PrintAccount()
    {
        if (_account is null) return;
        Console.WriteLine($"// {_round}: {_account.PerOperationAsync(Events).GetAwaiter().GetResult()}");
        _account = null;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "AdjustFrame → outbox → RabbitMQ → reporting read model, 32 in flight")]
    public Task Pipeline() => AdjustAndWaitForReadModelAsync();

    // The round's changes, written while no dispatcher runs (BenchmarkDotNet does not time this).
    [IterationSetup(Target = nameof(Delivery))]
    public void WriteRound()
    {
        AdjustAllAsync().GetAwaiter().GetResult();
        StartAccount();
    }

    [IterationCleanup(Target = nameof(Delivery))]
    public void StopDelivery()
    {
        PrintAccount();
        StopDispatcherAsync().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "the same changes already in the outbox → RabbitMQ → reporting read model (delivery alone)")]
    public Task Delivery() => DeliverAsync();

    /// Starts a dispatcher on the outbox the round's changes wait in, and waits until reporting has committed them all.
    private async Task DeliverAsync()
    {
        var target = _readModel.Generation(_tenant) + Events;
        await StartDispatcherAsync();
        await WaitForReadModelAsync(target);
        _round = "delivery round";
    }

    /// A dispatcher of budget's outbox as the service runs it (its hosted service), from the host's services.
    private async Task StartDispatcherAsync()
    {
        _dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher<BudgetDb>>(_budgetHost.Factory.Services);
        await _dispatcher.StartAsync(CancellationToken.None);
    }

    private async Task StopDispatcherAsync()
    {
        if (_dispatcher is null) return;
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _dispatcher = null;
    }

    /// `Writers` callers adjust their own frames, then waits until reporting has committed every change.
    private async Task AdjustAndWaitForReadModelAsync()
    {
        var target = _readModel.Generation(_tenant) + Events;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await AdjustAllAsync();
        var calls = clock.Elapsed;
        var appliedByThen = _readModel.Generation(_tenant) - (target - Events);
        await WaitForReadModelAsync(target);
        // Where a round's time goes: the calls, or the events still on their way after the last call.
        _round = $"pipeline round: calls {calls.TotalSeconds:0.00} s ({appliedByThen} of {Events} applied by then), all applied after {clock.Elapsed.TotalSeconds:0.00} s";
    }

    private Task<CpuAccount> StartCpuAccountAsync() => CpuAccount.StartAsync(_budgetHost.ConnectionString,
        new NpgsqlConnectionStringBuilder(_budgetHost.ConnectionString).Database!, new NpgsqlConnectionStringBuilder(_reportingHost.ConnectionString).Database!);

    /// Until reporting has committed `generation` changes of the tenant's read model in all.
    private async Task WaitForReadModelAsync(long generation)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            // Listen before reading the count, so the last change is not missed in between.
            var next = _readModel.NextAsync(_tenant, timeout.Token);
            if (_readModel.Generation(_tenant) >= generation) return;
            await next;
        }
    }

    /// `Writers` callers, each adjusting its own frame `ChangesPerWriter` times one after the other.
    private Task AdjustAllAsync() => Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
    {
        await Task.Yield();
        for (var i = 0; i < ChangesPerWriter; i++) await AdjustAsync(writer);
    }));

    private async Task AdjustAsync(int writer)
    {
        var frame = await _budget.AdjustFrameAsync(new()
        {
            UnitCode = BenchData.AreaCode(writer + 1), Year = BenchData.Year, Etag = _etags[writer], Kind = AdjustmentKind.Other,
            Change = new FrameAmounts { OtherExternalCosts = -1 }, Reason = $"Benchmark change {Interlocked.Increment(ref _changes)}",
        });
        _etags[writer] = frame.Etag;
    }
}
