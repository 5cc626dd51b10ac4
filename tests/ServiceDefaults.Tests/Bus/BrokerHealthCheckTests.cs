using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Region.ServiceDefaults.Bus;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Bus;

/// The broker check opens a channel: an open port alone is not a broker, and a failure degrades.
public sealed class BrokerHealthCheckTests
{
    [Fact]
    public async Task Broker_that_opens_a_channel_is_healthy()
    {
        await using var connection = new BrokerConnection(TestInfra.RabbitMqUri, TestInfra.RabbitMqUsername, TestInfra.RabbitMqPassword, "health-test");
        var result = await CheckAsync(connection);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        // Twice on the one connection, as the probes every few seconds do.
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(connection)).Status);
    }

    [Fact]
    public async Task Port_that_accepts_connections_but_speaks_no_AMQP_is_degraded()
    {
        // What a TCP connect check would have called healthy: something listens, no broker answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var silent = AcceptAndSayNothingAsync(listener);

        await using var connection = new BrokerConnection(new Uri($"rabbitmq://127.0.0.1:{port}/"), "guest", "guest", "health-test");
        var result = await CheckAsync(connection);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("events wait in the outbox", result.Description);
        Assert.True(silent.IsCompleted || !silent.IsFaulted);
    }

    [Fact]
    public async Task Wrong_login_is_degraded()
    {
        await using var connection = new BrokerConnection(TestInfra.RabbitMqUri, "nobody", "wrong", "health-test");
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(connection)).Status);
    }

    [Fact]
    public async Task Disposing_while_a_channel_is_being_opened_waits_for_it_and_closes_its_connection()
    {
        var connection = new BrokerConnection(TestInfra.RabbitMqUri, TestInfra.RabbitMqUsername, TestInfra.RabbitMqPassword, "dispose-test");
        // The first call opens the connection: it holds the gate while the broker answers.
        var opening = connection.OpenChannelAsync(CancellationToken.None);
        Assert.False(opening.IsCompleted);

        await connection.DisposeAsync();

        await using var channel = await opening; // completed, not failed on a disposed gate
        Assert.True(channel.IsClosed); // its connection closed with the disposal, not left open
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.OpenChannelAsync(CancellationToken.None));
    }

    static Task<HealthCheckResult> CheckAsync(BrokerConnection connection)
    {
        var check = new BrokerHealthCheck(connection);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("broker", check, HealthStatus.Degraded, [BusExtensions.BrokerHealthTag]),
        };
        return check.CheckHealthAsync(context);
    }

    static async Task AcceptAndSayNothingAsync(TcpListener listener)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
