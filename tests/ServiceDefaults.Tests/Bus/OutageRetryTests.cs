using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.Tests.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Bus;

public sealed record OutageProbe(Guid Id, bool Poison);

/// What the probe's consumer went through, per message.
public sealed class OutageProbeLog(string connectionString)
{
    public string ConnectionString { get; } = connectionString;
    public ConcurrentDictionary<Guid, int> Attempts { get; } = new();
    public ConcurrentDictionary<Guid, int> Refused { get; } = new();
    public ConcurrentDictionary<Guid, bool> Consumed { get; } = new();
    /// Run at the start of each try (the try's number from 1), before the database is read.
    public Func<int, Task>? BeforeAttempt { get; set; }
}

/// Reads its database for each message, as a read model's consumer does; a poison message fails on its own.
public sealed class OutageProbeConsumer(OutageProbeLog log) : IConsumer<OutageProbe>
{
    public async Task Consume(ConsumeContext<OutageProbe> context)
    {
        var attempt = log.Attempts.AddOrUpdate(context.Message.Id, 1, (_, n) => n + 1);
        if (log.BeforeAttempt is { } beforeAttempt)
            await beforeAttempt(attempt);
        if (context.Message.Poison)
            throw new InvalidOperationException("The message itself cannot be applied.");
        await using var connection = new NpgsqlConnection(log.ConnectionString);
        try
        {
            await connection.OpenAsync(context.CancellationToken);
        }
        catch (NpgsqlException)
        {
            log.Refused.AddOrUpdate(context.Message.Id, 1, (_, n) => n + 1); // the database is away
            throw;
        }
        log.Consumed[context.Message.Id] = true;
    }
}

/// A consumer's database away for longer than the quick retries last: the delivery waits the
/// outage out (AddServiceBus's outage retry) instead of going to the error queue, while a message
/// that fails on its own still gets the few quick tries and then the error queue.
public sealed class OutageRetryTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    /// One try and the quick retry's five more: where a consumer's fault used to end.
    const int QuickTries = 6;

    [Fact]
    public async Task A_delivery_outlasts_its_databases_outage_and_a_poison_message_still_goes_to_the_error_queue()
    {
        using var failures = new CounterTotal(ConsumeMetrics.MeterName, "region.events.consume_failures", ConsumeMetrics.EventTag, nameof(OutageProbe));
        var (host, queue, log) = await StartAsync(temporaryQueues: true);
        try
        {
            await database.AllowConnectionsAsync(false);
            var waiting = new OutageProbe(Guid.NewGuid(), Poison: false);
            var poison = new OutageProbe(Guid.NewGuid(), Poison: true);
            var bus = host.Services.GetRequiredService<IBus>();
            await bus.Publish(waiting);
            await bus.Publish(poison);

            // Past the tries that used to send it to the error queue, then the database comes back.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Eventually.TrueAsync(() => log.Refused.GetValueOrDefault(waiting.Id) >= QuickTries, TimeSpan.FromSeconds(60),
                "the delivery to fail as often as the quick retry allows");
            var away = clock.Elapsed;
            await database.AllowConnectionsAsync(true);
            await Eventually.TrueAsync(() => log.Consumed.ContainsKey(waiting.Id), TimeSpan.FromSeconds(60), "the delivery once the database is back");
            output.WriteLine($"database away {away.TotalSeconds:0.0} s, {log.Refused[waiting.Id]} tries refused; consumed at {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(log.Attempts[waiting.Id] > QuickTries);

            await Eventually.TrueAsync(async () => await DepthAsync(queue + "_error") == 1, TimeSpan.FromSeconds(60), "the poison message in the error queue");
            output.WriteLine($"poison message in the error queue at {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(QuickTries, log.Attempts[poison.Id]);
            Assert.False(log.Consumed.ContainsKey(poison.Id));
            Assert.Equal(1L, failures.Total); // the poison message, once; the outage's tries are no failure
        }
        finally
        {
            await StopAsync(host, queue);
        }
    }

    [Fact]
    public async Task A_service_stopping_while_a_delivery_waits_out_an_outage_hands_it_back_at_once()
    {
        using var failures = new CounterTotal(ConsumeMetrics.MeterName, "region.events.consume_failures", ConsumeMetrics.EventTag, nameof(OutageProbe));
        var (host, queue, log) = await StartAsync(temporaryQueues: false); // the queue outlives the host
        try
        {
            await database.AllowConnectionsAsync(false);
            var waiting = new OutageProbe(Guid.NewGuid(), Poison: false);
            await host.Services.GetRequiredService<IBus>().Publish(waiting);
            await Eventually.TrueAsync(() => log.Refused.GetValueOrDefault(waiting.Id) >= 3, TimeSpan.FromSeconds(60), "the delivery to wait");

            // Without the bus's own stopping token the wait held the stop for its whole timeout (10 s).
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await host.StopAsync();
            output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the stop took {stopping.Elapsed.TotalSeconds:0.0} s");
            // Back in the queue for the next start. The broker requeues a closed channel's unacked
            // delivery on its own time, just after the close is answered (once seen as 0 here).
            await Eventually.TrueAsync(async () => await DepthAsync(queue) == 1, TimeSpan.FromSeconds(10), "the delivery back in the queue");
            Assert.Equal(0u, await DepthAsync(queue + "_error"));
            Assert.Equal(0L, failures.Total); // handed back, not given up: the consume-failure alert stays quiet
        }
        finally
        {
            await database.AllowConnectionsAsync(true);
            await StopAsync(host, queue);
        }
    }

    [Theory]
    [InlineData(false)] // the outage retry's second try
    [InlineData(true)]  // the quick retry's second try
    public async Task A_delivery_whose_retry_fails_as_the_service_stops_goes_back_to_the_queue_not_acknowledged(bool poison)
    {
        using var failures = new CounterTotal(ConsumeMetrics.MeterName, "region.events.consume_failures", ConsumeMetrics.EventTag, nameof(OutageProbe));
        var (host, queue, log) = await StartAsync(temporaryQueues: false); // the queue outlives the host
        try
        {
            await database.AllowConnectionsAsync(false);
            Task? stopping = null;
            // The stop comes while the second try runs, and that try then fails: MassTransit's retry
            // ends there and returns as if the consumer had succeeded, which used to acknowledge it.
            log.BeforeAttempt = async attempt =>
            {
                if (attempt != 2) return;
                stopping = host.StopAsync(); // waits for this delivery, so not awaited here
                await Task.Delay(TimeSpan.FromSeconds(1)); // the bus is stopping by now, the retries told so
            };
            await host.Services.GetRequiredService<IBus>().Publish(new OutageProbe(Guid.NewGuid(), poison));
            await Eventually.TrueAsync(() => stopping is not null, TimeSpan.FromSeconds(60), "the second try");
            await stopping!;

            await Eventually.TrueAsync(async () => await DepthAsync(queue) == 1, TimeSpan.FromSeconds(10), "the delivery back in the queue");
            Assert.Equal(0u, await DepthAsync(queue + "_error"));
            Assert.Equal(0L, failures.Total); // handed back, not given up: the consume-failure alert stays quiet
        }
        finally
        {
            await database.AllowConnectionsAsync(true);
            await StopAsync(host, queue);
        }
    }

    async Task<(IHost Host, string Queue, OutageProbeLog Log)> StartAsync(bool temporaryQueues)
    {
        var prefix = "outage-retry-" + Guid.NewGuid().ToString("N")[..8];
        var log = new OutageProbeLog(database.ConnectionString + ";Pooling=false");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Uri"] = TestInfra.RabbitMqUri.ToString(),
            ["RabbitMq:Username"] = TestInfra.RabbitMqUsername,
            ["RabbitMq:Password"] = TestInfra.RabbitMqPassword,
            ["Bus:QueuePrefix"] = prefix,
            ["Bus:TemporaryQueues"] = temporaryQueues.ToString(),
        });
        builder.Services.AddSingleton(log);
        builder.AddServiceBus("outage-retry-test", x => x.AddConsumer<OutageProbeConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        await TestInfra.WaitUntilHealthyAsync(host.Services.GetRequiredService<IBusControl>(), "the probe");
        return (host, new KebabCaseEndpointNameFormatter(prefix, false).Consumer<OutageProbeConsumer>(), log);
    }

    async Task StopAsync(IHost host, string queue)
    {
        await database.AllowConnectionsAsync(true);
        await host.StopAsync();
        host.Dispose();
        await TestInfra.DeleteEndpointsAsync(TestInfra.RabbitMqUri, [queue, queue + "_error", queue + "_skipped"]);
    }

    static async Task<uint> DepthAsync(string queue)
    {
        var factory = new ConnectionFactory
        {
            HostName = TestInfra.RabbitMqUri.Host, Port = TestInfra.RabbitMqUri.Port,
            UserName = TestInfra.RabbitMqUsername, Password = TestInfra.RabbitMqPassword,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0; // declared by the first fault
        }
    }
}
