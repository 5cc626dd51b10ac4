using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class PoisonDb(DbContextOptions<PoisonDb> options) : NoteDb(options);

/// A row the dispatcher cannot publish is kept and retried, never dropped, and does not stop the rest;
/// after MaxAttempts it moves to the dead-letter table with its error.
public sealed class OutboxPoisonMessageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Row_of_an_unknown_event_type_is_kept_and_retried_below_MaxAttempts_while_later_events_flow()
    {
        var poisonId = await AddPoisonRowAsync();
        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<PoisonDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(500);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.MaxAttempts = 1000;
        });
        try
        {
            NoteAdded later;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PoisonDb>();
                later = db.AddNote("after the poison row");
                await db.SaveChangesAsync();
            }
            await Eventually.TrueAsync(() => received.Count(later.EventId) == 1, TimeSpan.FromSeconds(30), "the later event");

            await Eventually.TrueAsync(async () => (await PoisonAsync(poisonId))?.Attempts >= 3, TimeSpan.FromSeconds(30), "repeated attempts");
            var row = await PoisonAsync(poisonId);
            Assert.NotNull(row);
            Assert.Contains("Unknown message type", row.LastError);
            Assert.NotNull(row.NextAttemptAt);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Row_that_fails_MaxAttempts_times_moves_to_the_dead_letters_with_its_error_and_is_counted()
    {
        var poisonId = await AddPoisonRowAsync();
        using var counted = new CounterTotal(OutboxTelemetry.MeterName, "region.outbox.dead_lettered", OutboxTelemetry.DbContextTag, nameof(PoisonDb));
        using var gauges = new OutboxGauges(nameof(PoisonDb));
        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<PoisonDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.MaxAttempts = 3;
        });
        try
        {
            await Eventually.TrueAsync(async () => await PoisonAsync(poisonId) is null, TimeSpan.FromSeconds(30), "the row to leave the outbox");
            await using var db = NoteDb.Open<PoisonDb>(database.ConnectionString);
            var deadLetter = await db.Set<OutboxDeadLetter>().SingleAsync(d => d.MessageType == PoisonType);
            Assert.Equal(3, deadLetter.Attempts);
            Assert.Contains("Unknown message type", deadLetter.LastError);
            Assert.Equal("test-region", deadLetter.Tenant);
            // Counted once the move has committed, a moment after the row is gone from the outbox.
            await Eventually.TrueAsync(() => counted.Total >= 1, TimeSpan.FromSeconds(30), "the dead letter counted");
            Assert.Equal(1, counted.Total);
            // The gauges, refreshed beside the dispatch: one dead letter waiting, none in the outbox.
            await Eventually.TrueAsync(() => gauges.Read() is { DeadLetters: 1, Backlog: 0 }, TimeSpan.FromSeconds(30),
                "the dead-letter gauge to show the row and the backlog gauge an empty outbox");

            // The dead letter is no longer tried, and the outbox keeps flowing.
            NoteAdded later;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var hostDb = scope.ServiceProvider.GetRequiredService<PoisonDb>();
                later = hostDb.AddNote("after the dead letter");
                await hostDb.SaveChangesAsync();
            }
            await Eventually.TrueAsync(() => received.Count(later.EventId) == 1, TimeSpan.FromSeconds(30), "the later event");
            Assert.Equal(1, await db.Set<OutboxDeadLetter>().CountAsync(d => d.MessageType == PoisonType));
            Assert.Equal(3, (await db.Set<OutboxDeadLetter>().SingleAsync(d => d.MessageType == PoisonType)).Attempts);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    const string PoisonType = "Region.Contracts.Events.NoLongerExists";

    // E.g. an event type removed from Contracts while rows of it were still waiting.
    async Task<long> AddPoisonRowAsync()
    {
        await OutboxTestHost.CreateSchemaAsync<PoisonDb>(database.ConnectionString);
        await using var db = NoteDb.Open<PoisonDb>(database.ConnectionString);
        await db.Set<OutboxDeadLetter>().ExecuteDeleteAsync();
        var poison = new OutboxMessage
        {
            MessageId = Guid.NewGuid(),
            MessageType = PoisonType,
            Payload = """{"tenant":"test-region"}""",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.OutboxMessages.Add(poison);
        await db.SaveChangesAsync();
        return poison.Id;
    }

    async Task<OutboxMessage?> PoisonAsync(long id)
    {
        await using var db = NoteDb.Open<PoisonDb>(database.ConnectionString);
        return await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id);
    }
}
