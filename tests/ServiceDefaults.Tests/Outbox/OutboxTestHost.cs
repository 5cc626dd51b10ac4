using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

/// Builds a host the way a service does: DbContext with the outbox interceptor, the dispatcher,
/// MassTransit on RabbitMQ, optionally a consumer that records what arrives.
public static class OutboxTestHost
{
    public static async Task<IHost> StartAsync<TDb>(
        ITestOutputHelper output,
        string connectionString,
        Uri rabbitMq,
        ReceivedEvents? consumeInto = null,
        Action<OutboxOptions>? outbox = null,
        bool dispatch = true,
        bool durableQueue = false,
        ConcurrentQueue<string>? logInto = null,
        Region.ServiceDefaults.DeadLetters.ErrorQueues? errorQueues = null)
        where TDb : NoteDb
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, logInto));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Region", LogLevel.Information);

        if (dispatch)
            builder.Services.AddOutbox<TDb>(outbox); // before the bus, as ServiceDefaults' AddServiceDatabase does
        builder.Services.AddDbContext<TDb>((sp, options) =>
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3));
            if (dispatch)
                options.AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor<TDb>>());
        });

        builder.Services.AddMassTransit(x =>
        {
            // Unique queue names, so parallel test classes on the shared broker don't take each other's messages.
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter("outbox-" + Guid.NewGuid().ToString("N")[..8], false));
            if (errorQueues is not null)
                x.AddConfigureEndpointsCallback((queue, _) => errorQueues.AddEndpoint(queue));
            if (consumeInto is not null)
            {
                builder.Services.AddSingleton(consumeInto);
                // Temporary (auto-delete) on the shared broker so test runs leave nothing behind; durable
                // where the broker is restarted, or the queue and its binding would vanish with it.
                x.AddConsumer<NoteAddedConsumer>().Endpoint(e => e.Temporary = !durableQueue);
            }
            x.UsingRabbitMq((context, cfg) =>
            {
                Region.ServiceDefaults.Bus.PublisherEntityNames.Apply(cfg);
                cfg.Host(rabbitMq, h =>
                {
                    h.Username(TestInfra.RabbitMqUsername);
                    h.Password(TestInfra.RabbitMqPassword);
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        // The consumer's queue must be bound before anything is published, or RabbitMQ drops the event.
        var bus = host.Services.GetRequiredService<IBusControl>();
        await Eventually.TrueAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy),
            TimeSpan.FromSeconds(60), "the bus to become healthy");
        return host;
    }

    public static async Task CreateSchemaAsync<TDb>(string connectionString) where TDb : NoteDb
    {
        await using var db = NoteDb.Open<TDb>(connectionString);
        await db.Database.EnsureCreatedAsync();
    }

    public static async Task<int> OutboxCountAsync<TDb>(string connectionString) where TDb : NoteDb
    {
        await using var db = NoteDb.Open<TDb>(connectionString);
        return await db.OutboxMessages.CountAsync();
    }

    public static async Task StopQuietlyAsync(this IHost host)
    {
        await host.StopAsync(TimeSpan.FromSeconds(15));
        host.Dispose();
    }
}

/// Polls a condition instead of sleeping a fixed time: fast when things are fast, patient on a slow machine.
public static class Eventually
{
    public static async Task<TimeSpan> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {waitingFor}.");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    public static Task<TimeSpan> TrueAsync(Func<bool> condition, TimeSpan timeout, string waitingFor) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, waitingFor);

    /// The first value read that satisfies the condition.
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {waitingFor}.");
            await Task.Delay(100);
        }
    }
}

/// Host logs in the test output, so a failing run shows what the dispatcher said; optionally also
/// collected for tests that assert on them.
sealed class TestOutputLoggerProvider(ITestOutputHelper output, ConcurrentQueue<string>? lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, lines, categoryName);

    public void Dispose()
    {
    }

    sealed class TestOutputLogger(ITestOutputHelper output, ConcurrentQueue<string>? lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var exceptionText = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            var line = $"{DateTime.Now:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{exceptionText}";
            lines?.Enqueue(line);
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished; a background service still logging while the host stops.
            }
        }
    }
}
