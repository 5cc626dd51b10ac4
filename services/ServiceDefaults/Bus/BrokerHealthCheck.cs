using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Region.ServiceDefaults.Bus;

/// Ready only while RabbitMQ accepts connections. MassTransit's own check follows its receive
/// endpoints, so a service that only publishes (through the outbox) would stay "healthy" with the
/// broker gone; this check says so, while the outbox keeps the events until it is back.
public sealed class BrokerHealthCheck(Uri broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var port = broker.IsDefaultPort || broker.Port <= 0 ? 5672 : broker.Port;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(broker.Host, port, timeout.Token);
            return HealthCheckResult.Healthy($"RabbitMQ at {broker.Host}:{port} accepts connections.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"RabbitMQ at {broker.Host}:{port} does not answer; events wait in the outbox.");
        }
    }
}
