namespace Region.Meetings.Domain;

/// The region's own date: meetings are planned in Swedish local time, whatever the server's zone.
public static class RegionClock
{
    public const string ZoneId = "Europe/Stockholm";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);
}
