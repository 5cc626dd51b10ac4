using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.Bus;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Bus;

/// A service starts without waiting for RabbitMQ (its events wait in the outbox), so a broker that
/// is away must not keep it out of rotation: its readiness (/readyz: the checks tagged "ready") is
/// the database's alone, and /health says the bus is what is missing.
public sealed class BusReadinessTests
{
    [Fact]
    public async Task A_service_started_while_the_broker_is_away_is_ready_and_its_bus_checks_say_degraded()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Uri"] = $"rabbitmq://127.0.0.1:{TestInfra.FreePort()}/", // nothing listens there
            ["Bus:TemporaryQueues"] = "true",
        });
        builder.AddServiceBus("readiness-test");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var health = host.Services.GetRequiredService<HealthCheckService>();
            // MassTransit's own check joined readiness by default and was Unhealthy ("not started")
            // for as long as the broker stayed away.
            var ready = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
            Assert.Equal(HealthStatus.Healthy, ready.Status);
            Assert.Empty(ready.Entries);

            var all = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Degraded, all.Entries["masstransit-bus"].Status);
            Assert.Equal(HealthStatus.Degraded, all.Entries["broker"].Status);
            Assert.Equal(HealthStatus.Degraded, all.Status);
            Assert.All(all.Entries.Values, e => Assert.Contains(BusExtensions.BrokerHealthTag, e.Tags));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
