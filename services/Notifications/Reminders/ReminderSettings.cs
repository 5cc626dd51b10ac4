namespace Region.Notifications.Reminders;

/// When reminders go out (section "Reminders").
public sealed class ReminderSettings
{
    /// Days before a deadline at which a reminder is due; the overdue notice comes on its own.
    public List<int> Offsets { get; set; } = [];
    /// How often the job runs (each run sends only what is due and not yet sent).
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);
    /// Off: the job is not scheduled (RunReminders still works).
    public bool Enabled { get; set; } = true;

    /// The offsets in use: the configured ones, else 14, 7 and 2 days.
    public IReadOnlyList<int> EffectiveOffsets => Offsets.Count > 0 ? Offsets.Distinct().ToList() : [14, 7, 2];
}
