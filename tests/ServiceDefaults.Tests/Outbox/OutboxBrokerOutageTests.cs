using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class OutageDb(DbContextOptions<OutageDb> options) : NoteDb(options);

/// RabbitMQ goes away (a private node, never the shared one): events wait in the outbox and each
/// arrives exactly once when it is back.
public sealed class OutboxBrokerOutageTests(PostgresDatabase database, PrivateRabbitMq rabbit, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>, IClassFixture<PrivateRabbitMq>
{
    const int Changes = 20;

    [Fact]
    public async Task Events_wait_while_RabbitMQ_is_down_and_each_arrives_once_when_it_is_back()
    {
        await OutboxTestHost.CreateSchemaAsync<OutageDb>(database.ConnectionString);
        using var gauges = new OutboxGauges(nameof(OutageDb));
        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<OutageDb>(output, database.ConnectionString, rabbit.Uri, received, o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(1);
            o.PublishTimeout = TimeSpan.FromSeconds(3);
            o.MaxRetryDelay = TimeSpan.FromSeconds(2);
            o.MaxAttempts = 2; // an outage fails every row many times: none of them is dead-lettered for it
        }, durableQueue: true);
        try
        {
            // The path works before the outage (and the durable queue is bound, so it survives the restart).
            var before = await AddNotesAsync(host, 1);
            await Eventually.TrueAsync(() => received.CountArrived(before) == 1, TimeSpan.FromSeconds(30), "the event before the outage");

            await rabbit.StopAsync();
            output.WriteLine("RabbitMQ stopped.");
            var during = await AddNotesAsync(host, Changes);

            await Eventually.TrueAsync(async () => await MaxAttemptsAsync() > 0, TimeSpan.FromSeconds(60), "a failed publish attempt");
            Assert.Equal(Changes, await OutboxTestHost.OutboxCountAsync<OutageDb>(database.ConnectionString));
            Assert.Equal(0, received.CountArrived(during));
            await Eventually.TrueAsync(() => gauges.Read() is { Backlog: Changes, OldestAgeSeconds: > 0 },
                TimeSpan.FromSeconds(30), $"the backlog gauge to show {Changes} events waiting");

            await rabbit.StartAsync();
            output.WriteLine("RabbitMQ started again.");
            var recovery = await Eventually.TrueAsync(() => received.CountArrived(during) == Changes,
                TimeSpan.FromSeconds(120), "every event after the restart");
            output.WriteLine($"All {Changes} events arrived {recovery.TotalSeconds:0.0} s after the broker was back.");
            await Eventually.TrueAsync(async () => await OutboxTestHost.OutboxCountAsync<OutageDb>(database.ConnectionString) == 0,
                TimeSpan.FromSeconds(30), "an empty outbox");

            // A duplicate (e.g. a timed-out publish that went out after all) would arrive now.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.All(during, id => Assert.Equal(1, received.Count(id)));
            await using (var db = NoteDb.Open<OutageDb>(database.ConnectionString))
                Assert.Equal(0, await db.Set<OutboxDeadLetter>().CountAsync());
            await Eventually.TrueAsync(() => gauges.Read() is { Backlog: 0, OldestAgeSeconds: 0 },
                TimeSpan.FromSeconds(30), "the backlog gauge to drop to 0");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    async Task<int> MaxAttemptsAsync()
    {
        await using var db = NoteDb.Open<OutageDb>(database.ConnectionString);
        return await db.OutboxMessages.MaxAsync(m => (int?)m.Attempts) ?? 0;
    }

    /// One SaveChanges per change, as separate gRPC calls would do.
    static async Task<List<Guid>> AddNotesAsync(IHost host, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OutageDb>();
            ids.Add(db.AddNote($"note {i}").EventId);
            await db.SaveChangesAsync();
        }
        return ids;
    }
}

/// Reads the outbox gauges of one DbContext the way a metrics exporter would.
sealed class OutboxGauges : IDisposable
{
    readonly MeterListener _listener = new();
    long _backlog = -1;
    double _oldestAge = -1;
    long _deadLetters = -1;

    public OutboxGauges(string dbContext)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OutboxTelemetry.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "region.outbox.backlog" && IsFor(tags, dbContext))
                _backlog = value;
            if (instrument.Name == "region.outbox.dead_letters" && IsFor(tags, dbContext))
                _deadLetters = value;
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "region.outbox.oldest_age" && IsFor(tags, dbContext))
                _oldestAge = value;
        });
        _listener.Start();
    }

    public (long Backlog, double OldestAgeSeconds, long DeadLetters) Read()
    {
        _listener.RecordObservableInstruments();
        return (_backlog, _oldestAge, _deadLetters);
    }

    public void Dispose() => _listener.Dispose();

    static bool IsFor(ReadOnlySpan<KeyValuePair<string, object?>> tags, string dbContext)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == OutboxTelemetry.DbContextTag && Equals(tag.Value, dbContext))
                return true;
        }
        return false;
    }
}
