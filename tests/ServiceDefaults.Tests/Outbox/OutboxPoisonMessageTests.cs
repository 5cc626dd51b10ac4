using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class PoisonDb(DbContextOptions<PoisonDb> options) : NoteDb(options);

/// A row the dispatcher cannot publish is kept and retried, never dropped, and does not stop the rest.
public sealed class OutboxPoisonMessageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Row_of_an_unknown_event_type_is_kept_and_retried_while_later_events_flow()
    {
        await OutboxTestHost.CreateSchemaAsync<PoisonDb>(database.ConnectionString);
        long poisonId;
        await using (var db = NoteDb.Open<PoisonDb>(database.ConnectionString))
        {
            // E.g. an event type removed from Contracts while rows of it were still waiting.
            var poison = new OutboxMessage
            {
                MessageId = Guid.NewGuid(),
                MessageType = "Region.Contracts.Events.NoLongerExists",
                Payload = "{}",
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.OutboxMessages.Add(poison);
            await db.SaveChangesAsync();
            poisonId = poison.Id;
        }

        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<PoisonDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(500);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
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

    async Task<OutboxMessage?> PoisonAsync(long id)
    {
        await using var db = NoteDb.Open<PoisonDb>(database.ConnectionString);
        return await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id);
    }
}
