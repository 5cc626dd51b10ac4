namespace Region.Notifications.Reminders;

/// The clock of the reminders and the mails (a keyed TimeProvider, so tests fix it): which day the
/// reminder job acts as of, when a mail was sent and when the next attempt is due. Quartz keeps
/// the process's own clock, or a fixed test clock would stop its triggers.
public static class NotificationsClock
{
    public const string Key = "notifications";
}
