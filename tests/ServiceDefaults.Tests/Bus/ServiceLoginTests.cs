using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.ServiceDefaults.Bus;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Bus;

/// Each service has a broker login of its own (deploy/local/rabbitmq makes them) that may write its
/// own events only, so one service's credentials cannot publish another's events.
public sealed class ServiceLoginTests(PrivateRabbitMq rabbit) : IClassFixture<PrivateRabbitMq>
{
    private async Task<IHost> BusAsAsync(string service)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Uri"] = rabbit.Uri.ToString(),
            ["RabbitMq:Username"] = service,
            ["RabbitMq:Password"] = await SecretAsync(service),
            ["Bus:TemporaryQueues"] = "true",
        });
        builder.AddServiceBus(service);
        var host = builder.Build();
        await host.StartAsync();
        await TestInfra.WaitUntilHealthyAsync(host.Services.GetRequiredService<IBusControl>(), service);
        return host;
    }

    private static async Task PublishAsync(IHost host, object message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.Services.GetRequiredService<IPublishEndpoint>().Publish(message, message.GetType(), timeout.Token);
    }

    private static GoalOutcomeRecorded GoalsEvent() => new(Guid.NewGuid(), "t", DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(),
        Period.Tertial(2022, 2), new OutcomeValues(1, null, null), null, null, "x", DateTimeOffset.UtcNow, 1);

    [Fact]
    public async Task The_budget_login_publishes_budget_events_and_the_broker_refuses_it_a_goals_event()
    {
        using var goals = await BusAsAsync("goals");
        await PublishAsync(goals, GoalsEvent());
        using var budget = await BusAsAsync("budget");
        await PublishAsync(budget, new BudgetYearClosed(Guid.NewGuid(), "t", DateTimeOffset.UtcNow, 2022));

        // The same publish at the wire, as the budget login: the broker closes the channel with 403.
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = "127.0.0.1", Port = rabbit.Port, UserName = "budget", Password = await SecretAsync("budget"),
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(true, true));
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await channel.BasicPublishAsync("region.goals:GoalOutcomeRecorded", "", true, new RabbitMQ.Client.BasicProperties(), "{}"u8.ToArray()));
        Assert.Contains("ACCESS_REFUSED", refused.ToString());

        await budget.StopAsync();
        await goals.StopAsync();
    }

    private async Task<string> SecretAsync(string service) =>
        (await File.ReadAllTextAsync(Path.Combine(rabbit.DataDirectory, "users", service + ".secret"))).Trim();

    [Fact]
    public void Every_event_has_exactly_one_publishing_service()
    {
        var events = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => typeof(IIntegrationEvent).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, t => Assert.NotNull(EventPublisher.Of(t)));
    }
}
