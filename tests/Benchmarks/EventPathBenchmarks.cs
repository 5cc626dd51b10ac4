using BenchmarkDotNet.Attributes;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using Region.Budget.V1;
using Region.Contracts.Events;
using Region.TestSupport;

namespace Region.Benchmarks;

/// A small message published straight to the broker, unrouted (the raw cost of a confirmed publish).
public sealed record BenchPing(int Sequence);

/// The same, routed to the benchmark's consumer queue.
public sealed record BenchPingDelivered(int Sequence);

/// What a budget change costs end to end, through the outbox to a consumer, per event. Baseline: a
/// confirmed MassTransit publish of a small record to a temporary exchange on the same broker.
/// Each benchmark does `Events` operations and waits for the last confirm or delivery; the table
/// shows the time per event.
[Config(typeof(BatchConfig))]
public class EventPathBenchmarks
{
    public const int Events = 50;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly ArrivalCounter _adjusted = new();
    private readonly ArrivalCounter _pings = new();
    private BenchHost _host = null!;
    private IBusControl _bus = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private string _tenant = "";
    private string _etag = "";
    private long _adjustments;

    private string PingExchange => $"bench-ping-{_run}";

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _host = await BenchHost.StartAsync();
        _tenant = BenchHost.NewTenant();
        _budget = _host.Client(_tenant);
        await BenchData.CreateTreeAsync(_budget, areas: 1);
        await _budget.ImportFrameTableAsync(BenchData.Table(areas: 1, BenchData.Year));
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE bench_commits (id bigserial PRIMARY KEY, reason text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }
        _etag = (await _budget.GetFrameAsync(new() { UnitCode = BenchData.AreaCode(1), Year = BenchData.Year })).Etag;

        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(TestInfra.RabbitMqUri, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
                h.PublisherConfirmation = true; // as the outbox dispatcher publishes
            });
            // Exchanges and queue of this run only: named after it, not durable, deleted at the end.
            cfg.Message<BenchPing>(m => m.SetEntityName(PingExchange));
            cfg.Message<BenchPingDelivered>(m => m.SetEntityName($"bench-ping-delivered-{_run}"));
            cfg.Publish<BenchPing>(p => { p.Durable = false; p.AutoDelete = true; });
            cfg.Publish<BenchPingDelivered>(p => { p.Durable = false; p.AutoDelete = true; });
            cfg.ReceiveEndpoint($"bench-events-{_run}", e =>
            {
                e.Durable = false;
                e.AutoDelete = true;
                e.Handler<BenchPingDelivered>(_ => { _pings.Add(); return Task.CompletedTask; });
                // Other test runs publish budget events on the same exchange; only this tenant counts.
                e.Handler<BudgetFrameAdjusted>(ctx =>
                {
                    if (ctx.Message.Tenant == _tenant) _adjusted.Add();
                    return Task.CompletedTask;
                });
            });
        });
        await _bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await _host.DisposeAsync();
        // Auto-delete exchanges go with their last binding; the unrouted one never had one.
        var factory = new ConnectionFactory
        {
            HostName = TestInfra.RabbitMqUri.Host,
            Port = TestInfra.RabbitMqUri.Port,
            UserName = TestInfra.RabbitMqUsername,
            Password = TestInfra.RabbitMqPassword,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeleteAsync(PingExchange);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Publish, confirmed (unrouted)")]
    public async Task RawPublish()
    {
        for (var i = 0; i < Events; i++)
            await _bus.Publish(new BenchPing(i));
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Publish, confirmed, to a consumer")]
    public async Task RawPublishToConsumer()
    {
        var target = _pings.Count + Events;
        for (var i = 0; i < Events; i++)
            await _bus.Publish(new BenchPingDelivered(i));
        await _pings.WaitForAsync(target, DeliveryTimeout, "BenchPingDelivered");
    }

    /// One committed transaction per event on the service's own database: what any durable write
    /// costs on this PostgreSQL (the shared cluster keeps fsync and synchronous_commit on).
    [Benchmark(OperationsPerInvoke = Events, Description = "INSERT + COMMIT (Npgsql, no service)")]
    public async Task RawCommit()
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < Events; i++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commits (reason) VALUES ($1)", connection) { Parameters = { new() { Value = $"Benchmark change {i}" } } };
            await insert.ExecuteNonQueryAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "AdjustFrame → outbox → consumer")]
    public async Task AdjustFrameToConsumer()
    {
        for (var i = 0; i < Events; i++)
            await AdjustAsync(i);
        // Every adjustment made so far, this batch's last included, has reached the consumer.
        await _adjusted.WaitForAsync(_adjustments, DeliveryTimeout, "BudgetFrameAdjusted");
    }

    private async Task AdjustAsync(int i)
    {
        var frame = await _budget.AdjustFrameAsync(new()
        {
            UnitCode = BenchData.AreaCode(1), Year = BenchData.Year, Etag = _etag, Kind = AdjustmentKind.Other,
            Change = new FrameAmounts { OtherExternalCosts = -1 }, Reason = $"Benchmark change {i}",
        });
        _etag = frame.Etag;
        _adjustments++;
    }
}
