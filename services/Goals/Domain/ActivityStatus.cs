namespace Region.Goals.Domain;

/// An activity's status as recorded (2023: 20 planned, 33 ongoing, 2 delayed, 8 done).
public enum ActivityStatus
{
    Planned = 1,
    Ongoing = 2,
    Delayed = 3,
    Done = 4,
    Cancelled = 5,
}
