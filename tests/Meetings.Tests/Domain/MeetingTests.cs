using Region.Contracts.Periods;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;
using static Region.Meetings.Tests.Domain.Drafts;

namespace Region.Meetings.Tests.Domain;

public sealed class MeetingTests
{
    private static readonly Period Tertial1 = Period.Tertial(2022, 1);

    private static IReadOnlyList<string> Violations(MeetingDraft draft, int year = 2022)
    {
        var v = new Violations();
        Meeting.Validate(draft, year, "", v);
        return v.Items.Select(x => x.Field).ToList();
    }

    [Fact]
    public void A_two_day_meeting_like_29_30_mars_is_valid_and_lasts_both_days()
    {
        var draft = MeetingOn(D(3, 29), D(3, 30), Item("Årsbokslut 2021", AgendaCategory.Recurring, covers: Period.FullYear(2021)));

        Assert.Empty(Violations(draft));
        var meeting = Meeting.From(draft, Guid.NewGuid());
        Assert.Equal((D(3, 29), D(3, 30)), (meeting.StartDate, meeting.EndDate));
        Assert.False(meeting.IsOver(D(3, 30)));
        Assert.True(meeting.IsOver(D(3, 31)));
    }

    [Fact]
    public void A_one_day_meeting_ends_on_its_first_day()
    {
        var meeting = Meeting.From(MeetingOn(D(1, 25)), Guid.NewGuid());

        Assert.Equal(D(1, 25), meeting.EndDate);
    }

    [Fact]
    public void Every_violation_of_a_draft_is_listed_at_once()
    {
        var draft = new MeetingDraft(null, new string('x', 201), D(3, 30), D(3, 29), null, null, null,
            [new AgendaItemDraft(null, " ", null, null, null, null), Item("Tertialrapport april", covers: Tertial1)]);

        Assert.Equal(["kind", "title", "end_date", "items[0].category", "items[0].title", "items[1].covers"], Violations(draft));
    }

    [Fact]
    public void Dates_must_lie_in_the_calendar_year_and_a_meeting_lasts_at_most_a_week()
    {
        Assert.Equal(["start_date"], Violations(MeetingOn(D(12, 6, 2021))));
        Assert.Equal(["end_date"], Violations(MeetingOn(D(12, 30), D(1, 2, 2023))));
        Assert.Equal(["end_date"], Violations(MeetingOn(D(6, 1), D(6, 8))));
        Assert.Equal(["start_date"], Violations(MeetingOn(D(6, 1)) with { StartDate = null }));
    }

    [Fact]
    public void A_report_is_presented_only_after_its_period_is_over()
    {
        Assert.Equal(["items[0].covers"], Violations(MeetingOn(D(4, 30), null, Item("Tertialrapport april", covers: Tertial1))));
        Assert.Empty(Violations(MeetingOn(D(5, 31), D(6, 1), Item("Tertialrapport april", covers: Tertial1))));
        Assert.Empty(Violations(MeetingOn(D(3, 29), null, Item("Månadsrapport per februari", covers: Period.Month(2022, 2)))));
    }

    [Fact]
    public void Moving_a_meeting_moves_its_agenda_and_bumps_its_version()
    {
        var meeting = Meeting.From(MeetingOn(D(5, 31), D(6, 1), Item("Tertialrapport april", covers: Tertial1), Item("Uppsiktsplikt")), Guid.NewGuid());
        var v = new Violations();

        meeting.ValidateMove(D(6, 14), null, null, null, 2022, today: D(5, 1), v);
        meeting.Move(D(6, 14), null, null, null, "Östersund");

        Assert.Empty(v.Items);
        Assert.Equal((D(6, 14), D(6, 14), "Östersund", 2), (meeting.StartDate, meeting.EndDate, meeting.Place, meeting.Version));
        Assert.Equal(["Tertialrapport april", "Uppsiktsplikt"], meeting.Agenda.Select(i => i.Title));
        Assert.All(meeting.Items, i => Assert.Equal(meeting.Id, i.MeetingId));
    }

    [Fact]
    public void A_move_is_refused_into_the_past_and_before_a_reported_period_ends()
    {
        var meeting = Meeting.From(MeetingOn(D(5, 31), null, Item("Tertialrapport april", covers: Tertial1)), Guid.NewGuid());
        var v = new Violations();

        meeting.ValidateMove(D(4, 20), null, null, null, 2022, today: D(4, 25), v);

        Assert.Equal(2, v.Items.Count);
        Assert.All(v.Items, x => Assert.Equal("start_date", x.Field));
        Assert.Contains(v.Items, x => x.Description.Contains("2022-04-30"));
    }

    [Fact]
    public void A_meeting_that_is_over_cannot_change()
    {
        var meeting = Meeting.From(MeetingOn(D(3, 29), D(3, 30)), Guid.NewGuid());

        meeting.EnsureChangeable(D(3, 30));
        Assert.Throws<FailedPreconditionException>(() => meeting.EnsureChangeable(D(3, 31)));
    }

    [Fact]
    public void Items_are_added_last_and_removed_by_id()
    {
        var meeting = Meeting.From(MeetingOn(D(10, 25), null, Item("Månadsrapport per september", AgendaCategory.Recurring)), Guid.NewGuid());

        var added = meeting.AddItem(Item("Upphandlingar", area: "Upphandling"));
        Assert.Equal((1, 2), (added.Position, meeting.Version));
        meeting.RemoveItem(meeting.Agenda.First().Id);

        Assert.Equal(["Upphandlingar"], meeting.Agenda.Select(i => i.Title));
        Assert.Equal(3, meeting.Version);
        Assert.Throws<NotFoundException>(() => meeting.RemoveItem(Guid.NewGuid()));
    }

    [Fact]
    public void Meetings_of_a_calendar_must_not_share_a_day()
    {
        var overlaps = MeetingCalendar.Overlaps([(D(3, 29), D(3, 30)), (D(5, 3), D(5, 4)), (D(3, 30), D(3, 30))]).ToList();

        Assert.Equal([2], overlaps.Select(o => o.Index));
    }

    [Fact]
    public void A_meeting_that_shares_days_with_several_is_named_once_with_one_that_starts_before_it()
    {
        // 1-10 May covers the 3rd and the 6th; the 6th also meets the 3rd-6th; the 12th meets nothing.
        var overlaps = MeetingCalendar.Overlaps([(D(5, 6), D(5, 6)), (D(5, 1), D(5, 10)), (D(5, 3), D(5, 6)), (D(5, 12), D(5, 12))]).ToList();

        Assert.Equal([(0, "Shares a day with the meeting on 2022-05-01."), (2, "Shares a day with the meeting on 2022-05-01.")],
            overlaps.Select(o => (o.Index, o.Description)));
    }

    [Fact]
    public void Overlaps_of_a_hundred_thousand_meetings_on_one_day_are_one_per_meeting()
    {
        var sameDay = Enumerable.Repeat((D(5, 5), D(5, 5)), 100_000).ToList();

        var overlaps = MeetingCalendar.Overlaps(sameDay).ToList();

        Assert.Equal(Enumerable.Range(1, 99_999), overlaps.Select(o => o.Index));
    }
}
