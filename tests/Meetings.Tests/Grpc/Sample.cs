using Region.Common.V1;
using Region.Meetings.V1;
using GDate = Google.Type.Date;

namespace Region.Meetings.Tests.Grpc;

/// A small 2022 calendar after the pattern of seed 003's Sammanträdesplanering.
public static class Sample
{
    public static GDate Date(int month, int day, int year = 2022) => new() { Year = year, Month = month, Day = day };

    public static AgendaItem Item(string title, AgendaCategory category, string role, string area = "", Period? covers = null) =>
        new() { Title = title, Category = category, ResponsibleRole = role, FollowUpArea = area, Covers = covers };

    /// A board meeting on a day of 2022 (0 = 1 January) with as many theme items as asked for.
    public static MeetingInput OnDay(int dayOfYear, int items = 0)
    {
        var day = new DateOnly(2022, 1, 1).AddDays(dayOfYear);
        var meeting = new MeetingInput { Kind = MeetingKind.BoardMeeting, StartDate = Date(day.Month, day.Day) };
        meeting.Items.AddRange(Enumerable.Range(0, items).Select(i => Item($"Ärende {i}", AgendaCategory.Theme, "Regiondirektör")));
        return meeting;
    }

    public static Period Tertial(int number, int year = 2022) => new() { Year = year, Kind = PeriodKind.Tertial, Number = number };

    public static ImportCalendarRequest Calendar(string body = "RS") => new()
    {
        BodyCode = body,
        Year = 2022,
        Name = "Sammanträdesplanering regionstyrelsen 2022",
        Plan =
        {
            new FollowUpArea { Name = "Folkhälsa", Frequency = FollowUpFrequency.Once },
            new FollowUpArea { Name = "Internkontroll", Frequency = FollowUpFrequency.Twice },
            new FollowUpArea { Name = "Civilt försvar", Frequency = FollowUpFrequency.Once },
        },
        Meetings =
        {
            new MeetingInput
            {
                Kind = MeetingKind.BoardMeeting, StartDate = Date(3, 29), EndDate = Date(3, 30),
                Items = { Item("Månadsrapport per februari", AgendaCategory.Recurring, "Ekonomidirektör", covers: new Period { Year = 2022, Kind = PeriodKind.Month, Number = 2 }) },
            },
            new MeetingInput { Kind = MeetingKind.PlanningDay, StartDate = Date(3, 3), Title = "Gemensam planeringsdag med nämnder m.fl." },
            new MeetingInput
            {
                Kind = MeetingKind.BoardMeeting, StartDate = Date(5, 31), EndDate = Date(6, 1),
                StartTime = new Google.Type.TimeOfDay { Hours = 9 }, EndTime = new Google.Type.TimeOfDay { Hours = 16 }, Place = "Regionens hus, Östersund",
                Items =
                {
                    Item("Tertialrapport april", AgendaCategory.Recurring, "Ekonomidirektör", covers: Tertial(1)),
                    Item("Internkontrollplan, första uppföljningen", AgendaCategory.FollowUp, "Regionstabschef", "Internkontroll"),
                    Item("Arbete med barnkonventionen", AgendaCategory.FollowUp, "HOSPA-chef"),
                },
            },
            new MeetingInput
            {
                Kind = MeetingKind.BoardMeeting, StartDate = Date(10, 25),
                Items =
                {
                    Item("Uppföljning av internkontrollplan", AgendaCategory.FollowUp, "Regionstabschef", "Internkontroll"),
                    Item("Folkhälsa", AgendaCategory.FollowUp, "HOSPA-chef", "Folkhälsa"),
                    Item("Lokalförsörjning", AgendaCategory.Theme, "Fastighetschef"),
                },
            },
        },
    };
}
