using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class ReplicaDb(DbContextOptions<ReplicaDb> options) : NoteDb(options);

/// Replicas of a service, each with its dispatcher, on one database; and one dispatcher's
/// concurrent rounds, which share the rows the same way.
public sealed class OutboxReplicaTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 3)]
    [InlineData(1, 4)]
    public async Task Dispatchers_and_rounds_on_one_database_publish_each_event_exactly_once(int replicaCount, int concurrentRounds)
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
                o.ConcurrentRounds = concurrentRounds;
            }
            replicas.AddRange(await Task.WhenAll(Enumerable.Range(0, replicaCount).Select(_ =>
                OutboxTestHost.StartAsync<ReplicaDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, outbox: Small))));

            // And changes committed through every replica while they run, each waking its own dispatcher.
            for (var round = 0; round < 40 / replicaCount; round++)
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
