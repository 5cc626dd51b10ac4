using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Contracts.Events;
using Region.Notifications.Data;
using Region.Notifications.Domain;
using Region.Notifications.Mail;
using Region.Notifications.Reminders;
using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Events;

/// Stores each ReportsMissing event as one pending notification (the mail sender sends it). The
/// event id is unique in the table: a redelivered event finds its row and adds nothing, so a
/// retry of the consumer never leads to a second mail.
public sealed class ReportsMissingConsumer(NotificationsDb db, CallerContext caller, MailSignal signal,
    [FromKeyedServices(NotificationsClock.Key)] TimeProvider clock, ILogger<ReportsMissingConsumer> logger)
    : IConsumer<ReportsMissing>
{
    public async Task Consume(ConsumeContext<ReportsMissing> context)
    {
        var e = context.Message;
        var ct = context.CancellationToken;
        caller.Tenant = e.Tenant;
        caller.User = "system:ReportsMissingConsumer";
        caller.Rpc = "consume ReportsMissing";
        if (await db.Notifications.IgnoreQueryFilters().AnyAsync(n => n.EventId == e.EventId, ct))
        {
            logger.LogInformation("ReportsMissing {EventId} already stored; nothing more to send", e.EventId);
            return;
        }
        var now = clock.GetUtcNow();
        var notification = new Notification
        {
            Tenant = e.Tenant, EventId = e.EventId, BodyCode = e.BodyCode, Period = e.Period, DueDate = e.DueDate,
            DaysBefore = e.DaysBefore, Overdue = e.Overdue,
            RecipientName = Cut(e.OwnerName, Notification.MaxNameLength),
            RecipientEmail = e.OwnerEmail.Trim().ToLowerInvariant(),
            Cc = DigestMail.Cc(e).ToList(),
            Subject = Cut(DigestMail.Subject(e), Notification.MaxSubjectLength),
            Items = DigestMail.ItemCount(e),
            Digest = System.Text.Json.JsonSerializer.Serialize(e, System.Text.Json.JsonSerializerOptions.Web),
            CreatedAt = now,
        };
        notification.DueAt(now);
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException x) when (x.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same event delivered twice at once: the other delivery stored it.
            return;
        }
        signal.Wake();
    }

    static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
