using Region.ServiceDefaults.Tenancy;

namespace Region.Notifications.Domain;

public enum NotificationStatus { Pending, Sent, Failed, Skipped }

/// One digest mail to one person, from one ReportsMissing event: what was (to be) sent and how it went.
public sealed class Notification : ITenantOwned
{
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 300;
    public const int MaxReasonLength = 500;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    /// The ReportsMissing event's id: a redelivered event finds its row and sends nothing more.
    public Guid EventId { get; init; }
    public required string BodyCode { get; init; }
    public required string Period { get; init; }
    public DateOnly DueDate { get; init; }
    public int DaysBefore { get; init; }
    public bool Overdue { get; init; }
    public required string RecipientName { get; init; }
    /// Lower case, as opt-outs and filters compare it.
    public required string RecipientEmail { get; init; }
    public List<string> Cc { get; init; } = [];
    public required string Subject { get; init; }
    public int Items { get; init; }
    /// The event as received (jsonb): the mail is built from it at each attempt.
    public required string Digest { get; init; }
    public NotificationStatus Status { get; private set; } = NotificationStatus.Pending;
    public string? Reason { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; private set; }

    public void Sent(DateTimeOffset at)
    {
        Attempts++;
        (Status, SentAt, Reason) = (NotificationStatus.Sent, at, null);
    }

    public void Fail(string reason)
    {
        Attempts++;
        (Status, Reason) = (NotificationStatus.Failed, Cut(reason));
    }

    public void Skip(string reason) => (Status, Reason) = (NotificationStatus.Skipped, Cut(reason));

    /// The mail server could not be reached: try again after a back-off that doubles each time,
    /// up to maxDelay; after maxAttempts the notification has failed.
    public void RetryLater(string reason, DateTimeOffset now, TimeSpan firstDelay, TimeSpan maxDelay, int maxAttempts)
    {
        Attempts++;
        if (Attempts >= maxAttempts)
        {
            (Status, Reason) = (NotificationStatus.Failed, Cut($"Gave up after {Attempts} attempts: {reason}"));
            return;
        }
        var delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, firstDelay.Ticks * (1L << Math.Min(Attempts - 1, 20))));
        (Reason, NextAttemptAt) = (Cut(reason), now + delay);
    }

    public void DueAt(DateTimeOffset at) => NextAttemptAt = at;

    static string Cut(string s) => s.Length <= MaxReasonLength ? s : s[..MaxReasonLength];
}
