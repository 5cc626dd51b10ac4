namespace Region.Meetings.Domain;

/// The region's own date: meetings are planned in Swedish local time, whatever the server's zone
/// (RequestContext.Today is the UTC date, a day off around midnight).
public static class RegionClock
{
    public const string ZoneId = "Europe/Stockholm";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    /// The day it is in the region at that instant.
    public static DateOnly Today(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
}
