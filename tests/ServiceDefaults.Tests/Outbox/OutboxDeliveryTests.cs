using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class DeliveryDb(DbContextOptions<DeliveryDb> options) : NoteDb(options);

/// The happy path on the shared broker: commit → wake-up → publish → consumer, and what must not be published.
public sealed class OutboxDeliveryTests(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => OutboxTestHost.CreateSchemaAsync<DeliveryDb>(database.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Committed_change_is_published_right_after_the_commit_and_its_row_deleted()
    {
        var received = new ReceivedEvents();
        // A 30 s poll: only the commit wake-up can deliver within the 2 s asserted below.
        var host = await StartAsync(received, o => o.PollInterval = TimeSpan.FromSeconds(30));
        try
        {
            NoteAdded added;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DeliveryDb>();
                added = db.AddNote("published");
                await db.SaveChangesAsync();
            }

            var elapsed = await Eventually.TrueAsync(() => received.Count(added.EventId) > 0, Patience, "the event");
            output.WriteLine($"Event arrived {elapsed.TotalMilliseconds:0} ms after the commit.");
            Assert.True(elapsed < TimeSpan.FromSeconds(2), $"Arrived after {elapsed}: the dispatcher was not woken by the commit.");

            var got = Assert.Single(received.Of(added.EventId));
            Assert.Equal(added.EventId, got.MessageId);
            await Eventually.TrueAsync(async () => await OutboxTestHost.OutboxCountAsync<DeliveryDb>(database.ConnectionString) == 0,
                Patience, "the sent row to be deleted");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Rolled_back_change_publishes_nothing()
    {
        var received = new ReceivedEvents();
        var host = await StartAsync(received, o => o.PollInterval = TimeSpan.FromMilliseconds(500));
        try
        {
            NoteAdded rolledBack, committed;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DeliveryDb>();
                // Explicit transactions go through the execution strategy, as with EnableRetryOnFailure in the services.
                rolledBack = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var added = db.AddNote("rolled back");
                    await db.SaveChangesAsync();
                    await transaction.RollbackAsync();
                    return added;
                });
                db.ChangeTracker.Clear();
                committed = db.AddNote("committed after the rollback");
                await db.SaveChangesAsync();
            }

            // The later, committed event arriving and the outbox being empty means the dispatcher has
            // seen everything there was to see.
            await Eventually.TrueAsync(() => received.Count(committed.EventId) > 0, Patience, "the committed event");
            await Eventually.TrueAsync(async () => await OutboxTestHost.OutboxCountAsync<DeliveryDb>(database.ConnectionString) == 0,
                Patience, "an empty outbox");
            Assert.Equal(0, received.Count(rolledBack.EventId));
            await using var check = NoteDb.Open<DeliveryDb>(database.ConnectionString);
            Assert.False(await check.Notes.AnyAsync(n => n.Text == "rolled back"));
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Consumer_continues_the_trace_of_the_change()
    {
        // The OpenTelemetry SDK as the services configure it, so its sampling and suppression apply.
        var spans = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TestSource.Name, OutboxTelemetry.ActivitySourceName, "MassTransit", "Npgsql")
            .AddInMemoryExporter(spans)
            .Build();

        var received = new ReceivedEvents();
        var host = await StartAsync(received, o => o.PollInterval = TimeSpan.FromMilliseconds(200));
        try
        {
            NoteAdded added;
            ActivityTraceId traceId;
            // Stands in for the gRPC call that makes the change.
            using (var call = TestSource.StartActivity("change a note"))
            {
                Assert.NotNull(call);
                traceId = call.TraceId;
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DeliveryDb>();
                added = db.AddNote("traced");
                await db.SaveChangesAsync();
            }

            await Eventually.TrueAsync(() => received.Count(added.EventId) > 0, Patience, "the event");
            var got = Assert.Single(received.Of(added.EventId));
            Assert.Equal(traceId, got.TraceId);

            await Task.Delay(TimeSpan.FromSeconds(1)); // a few more polls, whose queries must not show up as traces
            tracing.ForceFlush();
            var exported = spans.Snapshot();
            var publish = Assert.Single(exported, s => s.Source.Name == OutboxTelemetry.ActivitySourceName && s.TraceId == traceId);
            Assert.Equal(ActivityKind.Producer, publish.Kind);
            var rootDatabaseSpans = exported.Where(s => s.Source.Name == "Npgsql" && s.Parent is null && s.ParentSpanId == default
                && s.TagObjects.Any(t => Equals(t.Value, database.Name))).ToList();
            Assert.True(rootDatabaseSpans.Count == 0,
                $"The dispatcher's own queries were traced: {string.Join(" | ", rootDatabaseSpans.Select(s => s.DisplayName))}");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    static readonly ActivitySource TestSource = new("Region.ServiceDefaults.Tests.Outbox");

    Task<IHost> StartAsync(ReceivedEvents received, Action<OutboxOptions> outbox) =>
        OutboxTestHost.StartAsync<DeliveryDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, received, outbox);
}
