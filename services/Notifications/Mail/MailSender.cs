using System.Net.Sockets;
using System.Text.Json;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Region.Contracts.Events;
using Region.Notifications.Data;
using Region.Notifications.Domain;
using Region.Notifications.Reminders;
using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Mail;

/// Sends the pending notifications over SMTP, one at a time and each by one replica: a row is
/// claimed with FOR UPDATE SKIP LOCKED and stays locked until its outcome is saved. A server that
/// does not answer leaves the row pending for a later attempt (never lost); an address the server
/// refuses, or one that is no address, fails the row with the reason; an opted-out address is skipped.
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailSettings> options, MailSignal signal,
    [FromKeyedServices(NotificationsClock.Key)] TimeProvider clock, ILogger<MailSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendNextAsync(stoppingToken)) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sending notifications failed; trying again in {Interval}", options.Value.PollInterval);
            }
            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// Sends (or settles) the next due notification; false when none is due.
    public async Task<bool> SendNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
        caller.User = "system:mail-sender";
        caller.Rpc = "send notification";
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var claimed = await db.Notifications.FromSqlInterpolated($"""
                SELECT * FROM notifications WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                ORDER BY "NextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED
                """).IgnoreQueryFilters().ToListAsync(ct);
            if (claimed is not [var row]) return false;
            caller.Tenant = row.Tenant;
            await SettleAsync(db, row, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }

    async Task SettleAsync(NotificationsDb db, Notification row, DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        if (await db.OptOuts.AnyAsync(o => o.Email == row.RecipientEmail, ct))
        {
            row.Skip("The address has opted out of reminders.");
            logger.LogInformation("Notification {Id} skipped: its address has opted out", row.Id);
            return;
        }
        if (!MailboxAddress.TryParse(row.RecipientEmail, out var parsed) || parsed.Address != row.RecipientEmail || !parsed.Domain.Contains('.'))
        {
            row.Fail("Not an e-mail address a mail can be sent to.");
            logger.LogWarning("Notification {Id} failed: not a deliverable address", row.Id);
            return;
        }
        var message = DigestMail.Build(JsonSerializer.Deserialize<ReportsMissing>(row.Digest, JsonSerializerOptions.Web)!, row.Id, settings);
        try
        {
            using var smtp = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
            await smtp.ConnectAsync(settings.Host, settings.Port, SecurityOf(settings.Security), ct);
            if (!string.IsNullOrEmpty(settings.Username)) await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(true, ct);
            row.Sent(now);
            logger.LogInformation("Notification {Id} sent ({Period}, {Items} items)", row.Id, row.Period, row.Items);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            // A permanent refusal (550 no such mailbox, 553 bad address): sending again would not help.
            var who = e.Mailbox?.Address is { } address ? $" {address}" : "";
            row.Fail($"The mail server refused{who}: {(int)e.StatusCode} {Cut(e.Message)}");
            logger.LogWarning("Notification {Id} failed: the mail server refused it ({Status})", row.Id, (int)e.StatusCode);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpCommandException or SmtpProtocolException
            or ServiceNotConnectedException or AuthenticationException or TimeoutException
            || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            row.RetryLater($"The mail server at {settings.Host}:{settings.Port} did not take the mail ({e.GetType().Name}).",
                now, settings.RetryDelay, settings.MaxRetryDelay, settings.MaxAttempts);
            logger.LogWarning("Notification {Id} not sent ({Error}); attempt {Attempts}, next at {Next}", row.Id, e.GetType().Name, row.Attempts, row.NextAttemptAt);
        }
    }

    static SecureSocketOptions SecurityOf(string security) => security.Trim().ToLowerInvariant() switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "sslonconnect" or "ssl" or "tls" => SecureSocketOptions.SslOnConnect,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.None,
    };

    static string Cut(string s) => s.Length <= 200 ? s : s[..200];
}
