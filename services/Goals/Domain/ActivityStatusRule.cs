namespace Region.Goals.Domain;

/// When an activity counts as delayed, whatever was recorded.
public static class ActivityStatusRule
{
    /// The status on a date: an activity past its end date and neither done nor cancelled counts as delayed.
    public static ActivityStatus On(ActivityStatus recorded, DateOnly? endDate, DateOnly date) =>
        recorded is ActivityStatus.Planned or ActivityStatus.Ongoing && endDate is { } end && date > end
            ? ActivityStatus.Delayed
            : recorded;
}
