using MassTransit.RabbitMqTransport.Configuration;
using Xunit;

namespace Region.ServiceDefaults.Tests.Outbox;

/// The outbox deletes a row once Publish returns; that is only safe if Publish waits for the broker's ack.
public sealed class OutboxPublisherConfirmTests
{
    [Fact]
    public void MassTransit_RabbitMQ_host_confirms_publishes_by_default()
    {
        var host = new RabbitMqHostConfigurator(new Uri("rabbitmq://127.0.0.1:55672/"));
        Assert.True(host.Settings.PublisherConfirmation);
    }
}
