using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class DatabaseOutageDb(DbContextOptions<DatabaseOutageDb> options) : NoteDb(options);

/// The service's database goes away for a while: the dispatcher says so once and carries on when it is back.
public sealed class OutboxDatabaseOutageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Dispatcher_survives_a_database_outage_and_publishes_afterwards()
    {
        await OutboxTestHost.CreateSchemaAsync<DatabaseOutageDb>(database.ConnectionString);
        var logs = new ConcurrentQueue<string>();
        var received = new ReceivedEvents();
        var host = await OutboxTestHost.StartAsync<DatabaseOutageDb>(output, database.ConnectionString, TestInfra.RabbitMqUri,
            received, o => o.PollInterval = TimeSpan.FromMilliseconds(500), logInto: logs);
        try
        {
            await AllowConnectionsAsync(false);
            await Eventually.TrueAsync(() => logs.Any(l => l.Contains("cannot dispatch")), TimeSpan.FromSeconds(60),
                "the dispatcher to report the database outage");

            // The commit wakes the dispatcher out of its database back-off.
            await AllowConnectionsAsync(true);
            NoteAdded added;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DatabaseOutageDb>();
                added = db.AddNote("after the outage");
                await db.SaveChangesAsync();
            }
            await Eventually.TrueAsync(() => received.Count(added.EventId) == 1, TimeSpan.FromSeconds(60), "the event after the outage");
            // Logged once the batch that published it has committed, so possibly just after the event arrived.
            await Eventually.TrueAsync(() => logs.Any(l => l.Contains("dispatching again")), TimeSpan.FromSeconds(30),
                "the dispatcher to report it is back");
            Assert.Single(logs, l => l.Contains("cannot dispatch")); // one line per outage, not one per attempt
        }
        finally
        {
            await AllowConnectionsAsync(true);
            await host.StopQuietlyAsync();
        }
    }

    // As good as the server being gone for this database: no new connections, existing ones cut.
    async Task AllowConnectionsAsync(bool allow)
    {
        await database.AllowConnectionsAsync(allow);
        if (allow)
            return;
        // The pool's idle connections were cut too; drop them rather than fail on each after the outage.
        await using var pooled = new NpgsqlConnection(database.ConnectionString);
        NpgsqlConnection.ClearPool(pooled);
    }
}
