using System.Collections.Concurrent;
using MassTransit;
using Region.Contracts.Events;
using Region.TestSupport;

namespace Region.Goals.Tests.Events;

/// A real MassTransit bus with its own durable queue bound to the goals events, collecting what
/// arrives so a test can wait for it. Durable, so nothing is lost while a broker restarts.
public sealed class EventCollector : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentQueue<(Guid? MessageId, IIntegrationEvent Event)> _received = new();

    private EventCollector(IBusControl bus) => _bus = bus;

    public IReadOnlyList<(Guid? MessageId, IIntegrationEvent Event)> Received => _received.ToList();

    public static async Task<EventCollector> StartAsync(Uri broker)
    {
        EventCollector? collector = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
            });
            cfg.ReceiveEndpoint($"goals-tests-{Guid.NewGuid():N}", e =>
            {
                void On<T>() where T : class, IIntegrationEvent =>
                    e.Handler<T>(ctx => { collector!._received.Enqueue((ctx.MessageId, ctx.Message)); return Task.CompletedTask; });
                On<PlanCreated>();
                On<PlanAdopted>();
                On<PlanRevised>();
                On<GoalCreated>();
                On<GoalChanged>();
                On<GoalOutcomeRecorded>();
                On<GoalStatusAssessed>();
                On<ActivityCreated>();
                On<ActivityStatusChanged>();
                On<IndicatorOutcomeRecorded>();
            });
        });
        collector = new EventCollector(bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return collector;
    }

    public IReadOnlyList<T> Of<T>(string tenant) where T : IIntegrationEvent =>
        _received.Select(x => x.Event).OfType<T>().Where(e => e.Tenant == tenant).ToList();

    /// Waits until the condition holds on what has arrived, or fails after the timeout.
    public async Task WaitUntil(Func<EventCollector, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; received {_received.Count} events.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
}

