using Region.Contracts.Periods;
using Region.Meetings.Domain;
using static Region.Meetings.Tests.Domain.Drafts;

namespace Region.Meetings.Tests.Domain;

/// Titles checked against their own data, with seed 003's calendar (lines 485-521).
public sealed class CalendarCheckTests
{
    static Meeting MeetingOf(DateOnly start, DateOnly? end = null, string? title = null, params AgendaItemDraft[] items) =>
        Meeting.From(MeetingOn(start, end, items) with { Title = title }, Guid.NewGuid());

    static AgendaItemDraft Report(string title, Period covers) => Item(title, AgendaCategory.Recurring, covers: covers);

    [Fact]
    public void The_interim_accounts_titled_2021_at_a_2022_meeting_covering_tertial_2_2022_are_a_finding()
    {
        // Line 513: "Delårsbokslut augusti 2021" on 27–28 september 2022.
        var findings = CalendarCheck.Check([MeetingOf(D(9, 27), D(9, 28), null, Report("Delårsbokslut augusti 2021", Period.Tertial(2022, 2)))]);

        var finding = Assert.Single(findings);
        Assert.Equal((D(9, 27), "Delårsbokslut augusti 2021", CalendarCheck.TitleYear, "2021", "2022-T2"),
            (finding.MeetingDate, finding.Item, finding.Kind, finding.Stated, finding.Actual));
    }

    [Fact]
    public void The_seeds_reports_whose_titles_agree_with_their_periods_are_no_finding()
    {
        var findings = CalendarCheck.Check(
        [
            MeetingOf(D(3, 29), D(3, 30), null, Report("Årsbokslut 2021", Period.FullYear(2021)), Report("Månadsrapport per februari", Period.Month(2022, 2))),
            MeetingOf(D(5, 31), D(6, 1), null, Report("Tertialrapport april", Period.Tertial(2022, 1))),
            // "per maj och juni": the report runs through the last month named.
            MeetingOf(D(8, 30), null, null, Report("Månadsrapport per maj och juni", Period.Month(2022, 6))),
            MeetingOf(D(3, 3), null, "Gemensam planeringsdag med nämnder m.fl. (separat program)"),
            // A year in a title of an item that covers no period is not checked: next year's meeting dates.
            MeetingOf(D(5, 3), D(5, 4), null, Item("Regionstyrelsens sammanträdestider 2023", AgendaCategory.Recurring)),
        ]);

        Assert.Empty(findings);
    }

    [Fact]
    public void A_month_in_the_title_that_is_not_the_last_month_covered_is_a_finding()
    {
        var findings = CalendarCheck.Check([MeetingOf(D(10, 25), null, null, Report("Månadsrapport per augusti", Period.Month(2022, 9)))]);

        var finding = Assert.Single(findings);
        Assert.Equal((CalendarCheck.TitleMonth, "augusti", "2022-M09"), (finding.Kind, finding.Stated, finding.Actual));
    }

    [Fact]
    public void A_date_in_a_meetings_title_that_is_not_one_of_its_days_is_a_finding()
    {
        var findings = CalendarCheck.Check(
        [
            MeetingOf(D(3, 29), D(3, 30), "Sammanträde 29–30 mars"),
            MeetingOf(D(5, 31), D(6, 1), "Sammanträde 31 maj – 1 juni"),
            MeetingOf(D(6, 8), null, "Budgetdag 9 juni"),
            MeetingOf(D(9, 27), null, "Planeringsdag 2022-09-26"),
        ]);

        Assert.Equal([("Budgetdag 9 juni", "9 juni", "2022-06-08"), ("Planeringsdag 2022-09-26", "2022-09-26", "2022-09-27")],
            findings.Select(f => (f.Item, f.Stated, f.Actual)));
        Assert.All(findings, f => Assert.Equal(CalendarCheck.TitleDate, f.Kind));
    }
}
