using System.Collections.Concurrent;
using MassTransit;
using Region.Contracts.Events;
using Region.TestSupport;

namespace Region.Investments.Tests.Events;

/// A real MassTransit bus on the shared broker: publishes what the budget service would, and
/// collects the investment events arriving on a queue of its own (deleted when the probe stops).
public sealed class BusProbe : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentQueue<(Guid? MessageId, IIntegrationEvent Event)> _received = new();

    private BusProbe(Func<BusProbe, IBusControl> create) => _bus = create(this);

    public static async Task<BusProbe> StartAsync()
    {
        var probe = new BusProbe(self => Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(TestInfra.RabbitMqUri, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
            });
            cfg.ReceiveEndpoint($"investments-probe-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                void On<T>() where T : class, IIntegrationEvent =>
                    e.Handler<T>(ctx => { self._received.Enqueue((ctx.MessageId, ctx.Message)); return Task.CompletedTask; });
                On<InvestmentPlanCreated>();
                On<InvestmentObjectAdded>();
                On<InvestmentObjectChanged>();
                On<InvestmentDecided>();
                On<InvestmentStatusChanged>();
                On<InvestmentSpendingRecorded>();
                On<InvestmentForecastRecorded>();
                On<InvestmentPlanTableImported>();
            });
        }));
        await probe._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return probe;
    }

    public IReadOnlyList<(Guid? MessageId, IIntegrationEvent Event)> Received => _received.ToList();

    public IReadOnlyList<T> Of<T>(string tenant) where T : IIntegrationEvent =>
        _received.Select(x => x.Event).OfType<T>().Where(e => e.Tenant == tenant).ToList();

    public Task PublishAsync<T>(T message) where T : class => _bus.Publish(message);

    /// Waits until the condition holds, or fails after the timeout.
    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public Task WaitUntil(Func<BusProbe, bool> condition, string what) =>
        WaitUntil(() => Task.FromResult(condition(this)), TimeSpan.FromSeconds(30), what);

    public async ValueTask DisposeAsync() => await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
}
