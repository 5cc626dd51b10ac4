using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class LeaseDb(DbContextOptions<LeaseDb> options) : NoteDb(options);

/// The dispatcher claims rows with a lease and holds no transaction while it waits for the broker.
public sealed class OutboxLeaseTests(PostgresDatabase database, PrivateRabbitMq rabbit, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>, IClassFixture<PrivateRabbitMq>
{
    [Fact]
    public async Task No_row_stays_locked_while_the_dispatcher_waits_for_the_broker()
    {
        await OutboxTestHost.CreateSchemaAsync<LeaseDb>(database.ConnectionString);
        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<LeaseDb>(output, database.ConnectionString, rabbit.Uri, received, o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(500);
            o.PublishTimeout = TimeSpan.FromSeconds(20); // a long wait for a confirm that cannot come
        }, durableQueue: true);
        try
        {
            await rabbit.StopAsync();
            var added = await AddNoteAsync(host, "while the broker is away");

            // Claimed (leased) and not yet failed: the publish is waiting for the broker right now.
            await Eventually.TrueAsync(async () => await RowAsync(added.EventId) is { NextAttemptAt: not null, Attempts: 0 },
                TimeSpan.FromSeconds(15), "the dispatcher to claim the row");
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                // NOWAIT fails at once with lock_not_available if the dispatcher still held the row.
                await using var lockRow = new NpgsqlCommand(
                    "SELECT id FROM outbox_messages WHERE message_id = @id FOR UPDATE NOWAIT", connection, transaction);
                lockRow.Parameters.AddWithValue("id", added.EventId);
                Assert.NotNull(await lockRow.ExecuteScalarAsync());
                await transaction.RollbackAsync();
            }
            var row = await RowAsync(added.EventId);
            Assert.True(row is { Attempts: 0 }, "The publish was meant to be still waiting while the row was locked");

            await rabbit.StartAsync();
            await Eventually.TrueAsync(() => received.Count(added.EventId) == 1, TimeSpan.FromSeconds(90), "the event after the broker is back");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Row_leased_by_a_dispatcher_that_died_is_published_once_the_lease_expires()
    {
        await OutboxTestHost.CreateSchemaAsync<LeaseDb>(database.ConnectionString);
        NoteAdded orphan;
        await using (var db = NoteDb.Open<LeaseDb>(database.ConnectionString))
        {
            orphan = db.AddNote("claimed by a replica that was killed");
            await db.SaveChangesAsync();
        }
        var received = new ReceivedEvents();
        var lease = TimeSpan.FromSeconds(20); // longer than the host takes to start and deliver a fresh event
        // A first dispatcher claims the row and is killed before it publishes: its lease stays behind.
        await using (var db = NoteDb.Open<LeaseDb>(database.ConnectionString))
            await db.OutboxMessages.Where(m => m.MessageId == orphan.EventId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow + lease));

        var host = await OutboxTestHost.StartAsync<LeaseDb>(output, database.ConnectionString, rabbit.Uri, received,
            o => o.PollInterval = TimeSpan.FromMilliseconds(200), durableQueue: true);
        try
        {
            var fresh = await AddNoteAsync(host, "committed after the restart");
            await Eventually.TrueAsync(() => received.Count(fresh.EventId) == 1, TimeSpan.FromSeconds(30), "the fresh event");
            Assert.Equal(0, received.Count(orphan.EventId)); // still leased to the dead dispatcher

            await Eventually.TrueAsync(() => received.Count(orphan.EventId) == 1, TimeSpan.FromSeconds(60), "the orphaned event");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(1, received.Count(orphan.EventId));
            Assert.Null(await RowAsync(orphan.EventId));
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    static async Task<NoteAdded> AddNoteAsync(IHost host, string text)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeaseDb>();
        var added = db.AddNote(text);
        await db.SaveChangesAsync();
        return added;
    }

    async Task<OutboxMessage?> RowAsync(Guid messageId)
    {
        await using var db = NoteDb.Open<LeaseDb>(database.ConnectionString);
        return await db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.MessageId == messageId);
    }
}
