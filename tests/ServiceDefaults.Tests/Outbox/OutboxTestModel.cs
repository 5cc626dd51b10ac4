using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.ServiceDefaults.Outbox;

namespace Region.ServiceDefaults.Tests.Outbox;

/// A tiny service database: notes, and the outbox their events go through. Each test class derives
/// its own type, so dispatchers, signals and metric tags of parallel classes stay apart.
public abstract class NoteDb(DbContextOptions options) : DbContext(options), IOutboxDb
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// The change and its event, not yet saved.
    public NoteAdded AddNote(string text)
    {
        Notes.Add(new Note { Text = text });
        var added = new NoteAdded(Guid.NewGuid(), "test-region", DateTimeOffset.UtcNow, text);
        this.Enqueue(added);
        return added;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>(e =>
        {
            e.ToTable("notes");
            e.Property(n => n.Id).HasColumnName("id");
            e.Property(n => n.Text).HasColumnName("text");
        });
        modelBuilder.AddOutbox();
    }

    /// A context outside any host (no interceptor), for creating the schema and looking at rows.
    public static TDb Open<TDb>(string connectionString) where TDb : NoteDb =>
        (TDb)Activator.CreateInstance(typeof(TDb), new DbContextOptionsBuilder<TDb>().UseNpgsql(connectionString).Options)!;
}

public sealed class Note
{
    public long Id { get; set; }
    public string Text { get; set; } = "";
}

public sealed record NoteAdded(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string Text) : IIntegrationEvent;

public sealed record ReceivedEvent(Guid EventId, Guid? MessageId, ActivityTraceId? TraceId, Uri? SourceAddress);

/// Everything a test host's consumer received, shared with the test.
public sealed class ReceivedEvents
{
    readonly ConcurrentQueue<ReceivedEvent> _all = new();

    public void Add(ReceivedEvent received) => _all.Enqueue(received);

    public IReadOnlyList<ReceivedEvent> Of(Guid eventId) => _all.Where(r => r.EventId == eventId).ToList();

    public int Count(Guid eventId) => _all.Count(r => r.EventId == eventId);

    /// How many of the given events have arrived at least once.
    public int CountArrived(IEnumerable<Guid> eventIds)
    {
        var seen = _all.Select(r => r.EventId).ToHashSet();
        return eventIds.Count(seen.Contains);
    }

    public IReadOnlyList<ReceivedEvent> All => _all.ToList();

    /// While set, the consumer fails every event (a poison message, or a bug not yet fixed).
    public bool Refuse { get; set; }
}

public sealed class NoteAddedConsumer(ReceivedEvents received) : IConsumer<NoteAdded>
{
    public Task Consume(ConsumeContext<NoteAdded> context)
    {
        if (received.Refuse)
            throw new InvalidOperationException($"Refused {context.Message.Text}");
        received.Add(new ReceivedEvent(context.Message.EventId, context.MessageId, Activity.Current?.TraceId, context.SourceAddress));
        return Task.CompletedTask;
    }
}
