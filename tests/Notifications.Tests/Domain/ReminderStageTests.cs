using Region.Notifications.Domain;

namespace Region.Notifications.Tests.Domain;

/// Which reminder a deadline of 13 September (meeting 27 September) calls for on a given day.
public sealed class ReminderStageTests
{
    static readonly DateOnly Due = new(2022, 9, 13);
    static readonly DateOnly Meeting = new(2022, 9, 27);
    static readonly int[] Offsets = [14, 7, 2];

    [Theory]
    [InlineData("2022-08-29", null)]
    [InlineData("2022-08-30", "14 days before")]
    [InlineData("2022-09-05", "14 days before")]
    [InlineData("2022-09-06", "7 days before")]
    [InlineData("2022-09-11", "2 days before")]
    [InlineData("2022-09-13", "2 days before")]
    [InlineData("2022-09-14", "overdue")]
    [InlineData("2022-09-27", "overdue")]
    [InlineData("2022-09-28", null)]
    public void The_latest_stage_reached_counts_and_nothing_after_the_meeting(string today, string? expected)
    {
        var stage = ReminderStage.For(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Due, Meeting, Offsets);

        Assert.Equal(expected, stage?.ToString());
    }

    [Fact]
    public void Each_stage_has_its_own_key_and_the_overdue_notice_one_of_its_own()
    {
        var keys = new[] { "2022-08-30", "2022-09-06", "2022-09-11", "2022-09-14" }
            .Select(d => ReminderStage.For(DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), Due, Meeting, Offsets)!.Key);

        Assert.Equal([14, 7, 2, ReminderStage.OverdueKey], keys);
    }
}
