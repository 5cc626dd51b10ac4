using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;

namespace Region.ServiceDefaults.Outbox;

/// How a service maps the outbox table and writes events into it.
public static class OutboxDbExtensions
{
    /// Maps <see cref="OutboxMessage"/> to <c>outbox_messages</c> and <see cref="OutboxDeadLetter"/>
    /// to <c>outbox_dead_letters</c>; call from OnModelCreating.
    /// Column names are explicit because the services use no naming-convention package and the
    /// dispatcher's claim query is raw SQL.
    public static ModelBuilder AddOutbox(this ModelBuilder mb)
    {
        mb.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id); // the primary key is the index the dispatcher orders and claims by
            e.Property(m => m.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            e.Property(m => m.MessageId).HasColumnName("message_id");
            e.Property(m => m.MessageType).HasColumnName("message_type").IsRequired();
            e.Property(m => m.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
            e.Property(m => m.TraceParent).HasColumnName("trace_parent");
            e.Property(m => m.TraceState).HasColumnName("trace_state");
            e.Property(m => m.CreatedAt).HasColumnName("created_at");
            e.Property(m => m.Attempts).HasColumnName("attempts");
            e.Property(m => m.LastError).HasColumnName("last_error");
            e.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        });
        mb.Entity<OutboxDeadLetter>(e =>
        {
            e.ToTable("outbox_dead_letters");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            e.Property(d => d.Tenant).HasColumnName("tenant");
            e.Property(d => d.MessageId).HasColumnName("message_id");
            e.Property(d => d.MessageType).HasColumnName("message_type").IsRequired();
            e.Property(d => d.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
            e.Property(d => d.TraceParent).HasColumnName("trace_parent");
            e.Property(d => d.TraceState).HasColumnName("trace_state");
            e.Property(d => d.CreatedAt).HasColumnName("created_at");
            e.Property(d => d.Attempts).HasColumnName("attempts");
            e.Property(d => d.LastError).HasColumnName("last_error").IsRequired();
            e.Property(d => d.DeadLetteredAt).HasColumnName("dead_lettered_at");
            e.HasIndex(d => new { d.Tenant, d.Id });
        });
        return mb;
    }

    /// Adds the event to the outbox without saving: the caller's SaveChanges (or its transaction)
    /// commits it together with the change, so there is never a change without its event or the reverse.
    public static void Enqueue<TEvent>(this IOutboxDb db, TEvent @event) where TEvent : class => db.OutboxMessages.Add(Message(@event));

    /// The outbox row of an event: its id, type, JSON and the trace of the change that caused it.
    public static OutboxMessage Message(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        // The runtime type, so an event enqueued through a base type is still published as itself.
        var type = @event.GetType();
        var activity = Activity.Current;
        var w3c = activity?.IdFormat == ActivityIdFormat.W3C;
        return new OutboxMessage
        {
            // The event id doubles as the message id, so consumers can deduplicate on either.
            MessageId = @event is IIntegrationEvent integrationEvent ? integrationEvent.EventId : Guid.NewGuid(),
            MessageType = type.FullName ?? throw new ArgumentException($"{type} has no full name", nameof(@event)),
            Payload = JsonSerializer.Serialize(@event, type, JsonSerializerOptions.Web),
            TraceParent = w3c ? activity!.Id : null,
            TraceState = w3c ? activity!.TraceStateString : null,
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }
}
