using MassTransit;

namespace Region.ServiceDefaults.Bus;

/// Hands a delivery back to the broker when its consumer fails while the service is stopping.
/// The retry filters are told to end their waits when the bus stops (BusExtensions), and MassTransit
/// 8.5's RetryFilter.Attempt, when a retry it is running fails after the stop, leaves its loop and
/// returns as if the consumer had succeeded (it rethrows only when the delivery's own token is
/// cancelled, which the stop has not done): the transport acknowledged an event no consumer had
/// applied, and it was lost (OutageRetryTests). Nearest the consumer, inside both retries, this
/// filter turns such a failure into <see cref="DeliveryHandedBackException"/>, which neither retry
/// handles and which, being an OperationCanceledException, the error queue leaves alone: the
/// transport hands the delivery back and the next start consumes it.
sealed class HandBackWhenStoppingFilter(CancellationToken stopping) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        // Any failure, a cancellation the consumer threw too: the retries' own waits are outside this filter.
        catch (Exception e) when (stopping.IsCancellationRequested)
        {
            throw new DeliveryHandedBackException(e);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("handBackWhenStopping");
}

/// A consumer's failure while the service stops: the delivery goes back to the queue, not to a retry.
public sealed class DeliveryHandedBackException(Exception failure)
    : OperationCanceledException("The service is stopping: the delivery goes back to the broker.", failure);
