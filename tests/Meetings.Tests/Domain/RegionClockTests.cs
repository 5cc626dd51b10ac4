using Region.Meetings.Domain;

namespace Region.Meetings.Tests.Domain;

public sealed class RegionClockTests
{
    [Fact]
    public void Today_is_the_date_in_Sweden_not_in_UTC()
    {
        // 22:30 UTC is half past midnight in summer (UTC+2) and half past eleven in winter (UTC+1).
        Assert.Equal(new DateOnly(2022, 5, 31), RegionClock.Today(new DateTimeOffset(2022, 5, 30, 22, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2022, 12, 30), RegionClock.Today(new DateTimeOffset(2022, 12, 30, 22, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2023, 1, 1), RegionClock.Today(new DateTimeOffset(2022, 12, 31, 23, 30, 0, TimeSpan.Zero)));
    }
}
