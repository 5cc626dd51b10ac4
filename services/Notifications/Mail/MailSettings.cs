namespace Region.Notifications.Mail;

/// The SMTP server and the mails' sender (section "Mail"). Security: None (plain, e.g. the local
/// sink), StartTls, SslOnConnect or Auto (MailKit's choice by port). Credentials only when set.
public sealed class MailSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;
    public string Security { get; set; } = "None";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "paminnelser@region.example";
    public string FromName { get; set; } = "Regionens uppföljning";
    /// Where the mail's links point: the reporting service's missing-reports page, per unit.
    public string LinkBaseUrl { get; set; } = "http://127.0.0.1:5205";
    /// How long one SMTP conversation may take before it counts as the server not answering.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// The first wait after the server did not answer; it doubles per attempt up to MaxRetryDelay.
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    public int MaxAttempts { get; set; } = 30;
    /// How often the sender looks for due mails when nothing wakes it.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
