using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Region.ServiceDefaults.Bus;

/// Whether RabbitMQ takes work: opens (and closes) a channel, which needs a broker that speaks AMQP
/// and accepts the service's login, not merely an open port. MassTransit's own check follows its
/// receive endpoints, so a service that only publishes (through the outbox) would stay "healthy"
/// with the broker gone. Registered as Degraded on failure and outside readiness: while the broker
/// is away the outbox keeps the events, so the service stays in rotation.
public sealed class BrokerHealthCheck(BrokerConnection broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var channel = await broker.OpenChannelAsync(timeout.Token);
            return HealthCheckResult.Healthy($"RabbitMQ at {broker.Address} opened a channel.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"RabbitMQ at {broker.Address} did not open a channel ({e.GetType().Name}); events wait in the outbox.");
        }
    }
}
