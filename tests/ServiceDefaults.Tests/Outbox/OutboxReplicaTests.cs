using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class ReplicaDb(DbContextOptions<ReplicaDb> options) : NoteDb(options);

/// Two replicas of a service, each with its dispatcher, on one database.
public sealed class OutboxReplicaTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Two_dispatchers_on_one_database_publish_each_event_exactly_once()
    {
        await OutboxTestHost.CreateSchemaAsync<ReplicaDb>(database.ConnectionString);
        var received = new ReceivedEvents();
        var consumer = await OutboxTestHost.StartAsync<ReplicaDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received, dispatch: false);
        var replicas = new List<IHost>();
        try
        {
            // A backlog waiting before the replicas start, so both race for the same rows at once.
            var ids = new List<Guid>();
            await using (var db = NoteDb.Open<ReplicaDb>(database.ConnectionString))
            {
                for (var i = 0; i < 100; i++)
                    ids.Add(db.AddNote($"backlog {i}").EventId);
                await db.SaveChangesAsync();
            }

            void Small(OutboxOptions o)
            {
                o.BatchSize = 10; // many small batches: many chances to claim the same row twice
                o.PollInterval = TimeSpan.FromSeconds(1);
            }
            replicas.AddRange(await Task.WhenAll(
                OutboxTestHost.StartAsync<ReplicaDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, outbox: Small),
                OutboxTestHost.StartAsync<ReplicaDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, outbox: Small)));

            // And changes committed through both replicas while they run, each waking its own dispatcher.
            for (var round = 0; round < 20; round++)
            {
                foreach (var replica in replicas)
                {
                    await using var scope = replica.Services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<ReplicaDb>();
                    for (var i = 0; i < 5; i++)
                        ids.Add(db.AddNote($"round {round} note {i}").EventId);
                    await db.SaveChangesAsync();
                }
            }
            Assert.Equal(300, ids.Count);

            await Eventually.TrueAsync(() => received.CountArrived(ids) == ids.Count, TimeSpan.FromSeconds(120), "every event");
            await Eventually.TrueAsync(async () => await OutboxTestHost.OutboxCountAsync<ReplicaDb>(database.ConnectionString) == 0,
                TimeSpan.FromSeconds(30), "an empty outbox");
            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up

            var duplicated = ids.Where(id => received.Count(id) != 1).ToList();
            Assert.True(duplicated.Count == 0, $"{duplicated.Count} events did not arrive exactly once");
            var ours = ids.ToHashSet();
            foreach (var bySender in received.All.Where(r => ours.Contains(r.EventId)).GroupBy(r => r.SourceAddress))
                output.WriteLine($"{bySender.Count()} events published by {bySender.Key}");
        }
        finally
        {
            foreach (var replica in replicas)
                await replica.StopQuietlyAsync();
            await consumer.StopQuietlyAsync();
        }
    }
}
