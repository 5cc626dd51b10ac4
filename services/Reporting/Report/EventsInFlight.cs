using MassTransit;
using Region.Contracts.Events;

namespace Region.Reporting.Report;

/// The events of each tenant this process is applying right now: received by a consumer and not
/// yet committed or failed. A watched report waits for them after a change (ReportSummaries.SettleAsync),
/// so the events of one change at the source (a goal's outcome and the status it moves, published
/// together) build one summary, while a lone event's summary is built at once.
public sealed class EventsInFlight : IConsumeObserver
{
    sealed class Tenant
    {
        public int Count;
        /// Completed when Count next drops to zero; null while nobody waits.
        public TaskCompletionSource? Drained;
    }

    readonly Lock _gate = new();
    readonly Dictionary<string, Tenant> _tenants = new();

    public void Began(string tenant)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var t)) _tenants[tenant] = t = new Tenant();
            t.Count++;
        }
    }

    public void Ended(string tenant)
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var t)) return;
            if (--t.Count > 0) return;
            // Nothing in flight: the entry goes, so tenants seen once do not pile up.
            _tenants.Remove(tenant);
            drained = t.Drained;
        }
        drained?.TrySetResult();
    }

    /// How many events of the tenant are being applied now.
    public int Count(string tenant)
    {
        lock (_gate) return _tenants.TryGetValue(tenant, out var t) ? t.Count : 0;
    }

    /// Completes once no event of the tenant is being applied (at once when none is).
    public Task DrainedAsync(string tenant, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var t)) return Task.CompletedTask;
            t.Drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return t.Drained.Task.WaitAsync(ct);
        }
    }

    // Every attempt of a consume (the bus retries one that failed) passes here once before and
    // once after, as a success or a fault, so the counts balance.
    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context)
    {
        if (context.Message is IIntegrationEvent { Tenant: { } tenant }) Began(tenant);
        return Task.CompletedTask;
    }

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context)
    {
        if (context.Message is IIntegrationEvent { Tenant: { } tenant }) Ended(tenant);
        return Task.CompletedTask;
    }

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
    {
        if (context.Message is IIntegrationEvent { Tenant: { } tenant }) Ended(tenant);
        return Task.CompletedTask;
    }
}
