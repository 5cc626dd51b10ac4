using Region.Meetings.Domain;
using static Region.Meetings.Tests.Domain.Drafts;

namespace Region.Meetings.Tests.Domain;

public sealed class CoverageTests
{
    private static readonly Guid CalendarId = Guid.NewGuid();

    private static Meeting At(DateOnly day, params AgendaItemDraft[] items) => Meeting.From(MeetingOn(day, null, items), CalendarId);

    private static FollowUpAreaRule Area(string name, FollowUpFrequency frequency = FollowUpFrequency.Once) => new(name, frequency);

    [Fact]
    public void A_plan_whose_areas_are_all_scheduled_often_enough_is_complete()
    {
        var plan = new[] { Area("Folkhälsa"), Area("Internkontroll", FollowUpFrequency.Twice) };
        var meetings = new[]
        {
            At(D(5, 3), Item("Folkhälsa", area: "Folkhälsa"), Item("Internkontrollplan, första uppföljningen", area: "Internkontroll")),
            At(D(10, 25), Item("Uppföljning av internkontrollplan", area: "internkontroll")),
        };

        var report = Coverage.Check(plan, meetings);

        Assert.True(report.Complete);
    }

    [Fact]
    public void Twice_needs_two_meetings_not_two_items_at_one_meeting()
    {
        var plan = new[] { Area("Internkontroll", FollowUpFrequency.Twice) };
        var meetings = new[] { At(D(10, 25), Item("Del 1", area: "Internkontroll"), Item("Del 2", area: "Internkontroll")) };

        var gap = Assert.Single(Coverage.Check(plan, meetings).Gaps);

        Assert.Equal(("Internkontroll", 2, 1), (gap.Area.Name, gap.Area.RequiredCount, gap.Scheduled));
    }

    [Fact]
    public void A_per_tertial_area_names_the_tertials_it_misses()
    {
        var plan = new[] { Area("Regionstyrelsens verksamhetsplan", FollowUpFrequency.PerTertial) };
        var meetings = new[]
        {
            At(D(3, 29), Item("VP", area: "Regionstyrelsens verksamhetsplan")),
            At(D(4, 30), Item("VP igen", area: "Regionstyrelsens verksamhetsplan")),
            At(D(9, 27), Item("VP delår", area: "Regionstyrelsens verksamhetsplan")),
        };

        var gap = Assert.Single(Coverage.Check(plan, meetings).Gaps);

        Assert.Equal(2, gap.Scheduled);
        Assert.Equal([2], gap.MissingTertials);
    }

    [Fact]
    public void A_cancelled_meeting_covers_nothing()
    {
        var plan = new[] { Area("Civilt försvar") };
        var meeting = At(D(8, 30), Item("Civilt försvar", area: "Civilt försvar"));
        meeting.Cancel();

        var gap = Assert.Single(Coverage.Check(plan, [meeting]).Gaps);

        Assert.Equal(0, gap.Scheduled);
    }

    [Fact]
    public void Items_pointing_at_no_area_of_the_plan_are_listed_but_recurring_and_theme_items_without_area_are_not()
    {
        var plan = new[] { Area("Folkhälsa") };
        var meeting = At(D(5, 3),
            Item("Folkhälsa", area: "Folkhälsa"),
            Item("Månadsrapport per mars", AgendaCategory.Recurring, role: "Ekonomidirektör"),
            Item("Kompetensförsörjning", AgendaCategory.Theme, role: "HR-direktör"),
            Item("Gemensamt projekt med Länsstyrelsen om klimatanpassningar"),
            Item("LUP-Sjukskrivningar", area: "LUP Sjukskrivningar"));

        var report = Coverage.Check(plan, [meeting]);

        Assert.Empty(report.Gaps);
        Assert.Equal(["Gemensamt projekt med Länsstyrelsen om klimatanpassningar", "LUP-Sjukskrivningar"],
            report.UnplannedItems.Select(x => x.Item.Title));
        Assert.False(report.Complete);
    }
}
