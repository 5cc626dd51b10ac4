using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Region.ServiceDefaults.Bus;
using Region.ServiceDefaults.DeadLetters;
using Region.ServiceDefaults.Tests.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.DeadLetters;

public sealed class ErrorQueueDb(DbContextOptions<ErrorQueueDb> options) : NoteDb(options);

/// A consumer's poison message lands in its error queue, is found there by tenant and message id,
/// and once the consumer is fixed a replay applies it exactly once.
public sealed class ErrorQueueTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Poison_message_in_the_error_queue_is_listed_and_after_the_fix_replayed_and_applied_once()
    {
        await OutboxTestHost.CreateSchemaAsync<ErrorQueueDb>(database.ConnectionString);
        await using var broker = new BrokerConnection(TestInfra.RabbitMqUri, TestInfra.RabbitMqUsername, TestInfra.RabbitMqPassword, "error-queue-test");
        var errorQueues = new ErrorQueues(broker);
        var received = new ReceivedEvents { Refuse = true };
        var host = await OutboxTestHost.StartAsync<ErrorQueueDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received,
            o => o.PollInterval = TimeSpan.FromMilliseconds(200), durableQueue: true, errorQueues: errorQueues);
        var queue = Assert.Single(errorQueues.Names);
        Assert.EndsWith("_error", queue);
        try
        {
            var poison = await AddNoteAsync(host, "poison");
            // Other test classes publish NoteAdded on the same broker, and this queue is bound to that
            // exchange too, so their refused notes land here as well: look for ours by message id.
            var poisonId = poison.EventId.ToString();
            var listed = await Eventually.ValueAsync(() => errorQueues.ListAsync(queue, "test-region", 100, CancellationToken.None),
                found => found.Any(m => m.MessageId == poisonId), TimeSpan.FromSeconds(30), "the message in the error queue");
            var message = Assert.Single(listed, m => m.MessageId == poisonId);
            Assert.Equal(typeof(NoteAdded).FullName, message.MessageType);
            Assert.Contains("Refused poison", message.Error);
            Assert.Contains("\"poison\"", message.Payload);
            Assert.Equal(0, received.Count(poison.EventId));
            // Looking left it there, and another tenant's admin does not see it.
            Assert.Contains(await errorQueues.ListAsync(queue, "test-region", 100, CancellationToken.None), m => m.MessageId == poisonId);
            Assert.DoesNotContain(await errorQueues.ListAsync(queue, "another-region", 100, CancellationToken.None), m => m.MessageId == poisonId);
            Assert.Null(await errorQueues.FindAsync(queue, message.MessageId, "another-region", null, CancellationToken.None));

            received.Refuse = false; // the fix is deployed
            var replayed = await errorQueues.FindAsync(queue, message.MessageId, "test-region",
                (found, channel, delivery) => ErrorQueues.MoveBackAsync(channel, delivery, found.Queue, CancellationToken.None), CancellationToken.None);
            Assert.NotNull(replayed);
            await Eventually.TrueAsync(() => received.Count(poison.EventId) == 1, TimeSpan.FromSeconds(30), "the replayed event");
            await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second delivery to show up
            Assert.Equal(1, received.Count(poison.EventId));
            Assert.Null(await errorQueues.FindAsync(queue, message.MessageId, "test-region", null, CancellationToken.None));
        }
        finally
        {
            await host.StopQuietlyAsync();
            await using var channel = await broker.OpenChannelAsync(CancellationToken.None);
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            await channel.QueueDeleteAsync(queue[..^"_error".Length], ifUnused: false, ifEmpty: false);
        }
    }

    static async Task<NoteAdded> AddNoteAsync(IHost host, string text)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ErrorQueueDb>();
        var added = db.AddNote(text);
        await db.SaveChangesAsync();
        return added;
    }
}
