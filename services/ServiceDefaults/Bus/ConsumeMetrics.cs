using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace Region.ServiceDefaults.Bus;

/// Events consumed and consumer failures per event type, for dashboards and alerts. Observes the
/// consume pipe outside the retry filter, so a delivery counts once: consumed when a consumer
/// finally succeeds, failed when the retries are spent and the message goes to the _error queue.
/// A delivery handed back to the queue as the service stops (a retry's wait ended by the stop, or
/// HandBackWhenStoppingFilter) is neither: the next start consumes it, and counting it would page
/// the consume-failure alert on every rolling restart that meets an outage.
public sealed class ConsumeMetrics(IHostApplicationLifetime lifetime) : IConsumeObserver
{
    public const string MeterName = "Region.Bus";
    /// Tag on both counters: the event's type name (OrgUnitCreated, ...).
    public const string EventTag = "event";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Consumed = Meter.CreateCounter<long>(
        "region.events.consumed", "{event}", "Events consumed successfully, per event type.");

    static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "region.events.consume_failures", "{event}", "Events whose consumer failed after its retries (moved to the _error queue).");

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Consumed.Add(1, new KeyValuePair<string, object?>(EventTag, typeof(T).Name));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (exception is OperationCanceledException && lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.CompletedTask; // handed back, not given up
        Failures.Add(1,
            new KeyValuePair<string, object?>(EventTag, typeof(T).Name),
            new KeyValuePair<string, object?>("exception", exception.GetType().Name));
        return Task.CompletedTask;
    }
}
