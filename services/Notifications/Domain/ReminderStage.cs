namespace Region.Notifications.Domain;

/// Which reminder a deadline calls for on a given day: the latest offset reached (of e.g. 14, 7
/// and 2 days before), or the one overdue notice once the deadline has passed. Stages skipped
/// while the job did not run are not sent late: only the latest one reached counts.
public sealed record ReminderStage(int DaysBefore, bool Overdue)
{
    public const int OverdueKey = -1;

    /// The value stored in ReminderSent.Stage.
    public int Key => Overdue ? OverdueKey : DaysBefore;

    /// Null when nothing is due: before the first offset, or after the meeting (the board has
    /// then treated the period, and a reminder would come too late to matter).
    public static ReminderStage? For(DateOnly today, DateOnly due, DateOnly meeting, IReadOnlyCollection<int> offsets)
    {
        if (today > meeting) return null;
        if (today > due) return new ReminderStage(0, true);
        var reached = offsets.Where(days => today >= due.AddDays(-days)).ToList();
        return reached.Count == 0 ? null : new ReminderStage(reached.Min(), false);
    }

    /// "7 days before" or "overdue", for logs and RunReminders.
    public override string ToString() => Overdue ? "overdue" : $"{DaysBefore} days before";
}
