using System.Collections.Concurrent;
using MassTransit;
using Region.Contracts.Events;
using Xunit;

namespace Region.TestSupport;

/// A real MassTransit bus with its own durable queue bound to every integration event of
/// services/Contracts, collecting what arrives so a test can wait for it. Durable, so nothing is
/// lost while a broker restarts. Tests filter by their own tenant.
public sealed class EventCollector : IAsyncDisposable
{
    private static readonly Type[] EventTypes = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToArray();

    private readonly IBusControl _bus;
    private readonly Uri _broker;
    private readonly string _queue;
    private readonly ConcurrentQueue<(Guid? MessageId, IIntegrationEvent Event)> _received = new();

    private EventCollector(IBusControl bus, Uri broker, string queue) => (_bus, _broker, _queue) = (bus, broker, queue);

    public IReadOnlyList<(Guid? MessageId, IIntegrationEvent Event)> Received => _received.ToList();

    public static async Task<EventCollector> StartAsync(Uri broker)
    {
        EventCollector? collector = null;
        var queue = $"event-tests-{Guid.NewGuid():N}";
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
            cfg.Host(broker, h =>
            {
                h.Username(TestInfra.RabbitMqUsername);
                h.Password(TestInfra.RabbitMqPassword);
            });
            cfg.ReceiveEndpoint(queue, e =>
            {
                // Durable, so it keeps what arrives while a test restarts the broker, but gone a
                // minute after its test process is: a queue left behind would take a copy of every
                // event on the shared broker for good (they piled up by the ten thousand).
                e.QueueExpiration = TimeSpan.FromMinutes(1);
                var on = typeof(EventCollector).GetMethod(nameof(On), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
                foreach (var type in EventTypes) on.MakeGenericMethod(type).Invoke(null, [e, (Func<EventCollector>)(() => collector!)]);
            });
        });
        collector = new EventCollector(bus, broker, queue);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return collector;
    }

    private static void On<T>(IReceiveEndpointConfigurator e, Func<EventCollector> collector) where T : class, IIntegrationEvent =>
        e.Handler<T>(ctx => { collector()._received.Enqueue((ctx.MessageId, ctx.Message)); return Task.CompletedTask; });

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

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        // The queue expires by itself; its exchange would not. A private broker may be gone already:
        // nothing is left to clean then.
        try
        {
            await TestInfra.DeleteEndpointsAsync(_broker, [_queue]);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
        }
    }
}
