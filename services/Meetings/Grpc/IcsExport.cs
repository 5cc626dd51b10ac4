using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Region.Meetings.Domain;

namespace Region.Meetings.Grpc;

/// A calendar as iCalendar (RFC 5545) text for Outlook and Google Calendar: one VEVENT per meeting
/// with its agenda in the DESCRIPTION. A meeting without times is an all-day event over its days.
public static class IcsExport
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//Region Jämtland Härjedalen//RegionServices meetings 1.0//SV";

    private static readonly Dictionary<AgendaCategory, string> CategoryHeadings = new()
    {
        [AgendaCategory.Recurring] = "Återkommande ärenden",
        [AgendaCategory.FollowUp] = "Uppföljning och fördjupning",
        [AgendaCategory.Theme] = "Tema fördjupning",
    };

    private static readonly Dictionary<MeetingKind, string> KindNames = new()
    {
        [MeetingKind.BoardMeeting] = "Sammanträde",
        [MeetingKind.PlanningDay] = "Gemensam planeringsdag",
        [MeetingKind.BudgetDay] = "Gemensam budgetdag",
        [MeetingKind.SeparateProgramme] = "Separat program",
    };

    public static string FileName(MeetingCalendar calendar) => $"{calendar.BodyCode}-{calendar.Year}.ics".ToLowerInvariant();

    public static string Render(MeetingCalendar calendar, IEnumerable<Meeting> meetings, DateTimeOffset stamp, string tenant)
    {
        var ics = new Ical.Net.Calendar { ProductId = ProductId };
        ics.AddProperty("X-WR-CALNAME", string.IsNullOrWhiteSpace(calendar.Name) ? $"{calendar.BodyCode} {calendar.Year}" : calendar.Name);
        ics.AddProperty("X-WR-TIMEZONE", RegionClock.ZoneId);
        var timed = false;
        foreach (var meeting in meetings.OrderBy(m => m.StartDate))
        {
            var e = new CalendarEvent
            {
                // Stable per meeting and tenant, so a subscribed calendar updates the event instead of adding one.
                Uid = $"{meeting.Id}@{tenant}.meetings.region",
                Summary = Summary(calendar, meeting),
                Description = Description(meeting),
                Location = meeting.Place,
                DtStamp = new CalDateTime(stamp.UtcDateTime, "UTC"),
                Sequence = meeting.Version - 1,
                Status = meeting.Cancelled ? "CANCELLED" : "CONFIRMED",
            };
            if (meeting.StartTime is { } from)
            {
                timed = true;
                var to = meeting.EndTime ?? from.AddHours(1);
                e.DtStart = At(meeting.StartDate, from);
                e.DtEnd = At(meeting.EndDate, to);
            }
            else
            {
                e.DtStart = new CalDateTime(meeting.StartDate.Year, meeting.StartDate.Month, meeting.StartDate.Day);
                var after = meeting.EndDate.AddDays(1); // DTEND of an all-day event is exclusive
                e.DtEnd = new CalDateTime(after.Year, after.Month, after.Day);
            }
            ics.Events.Add(e);
        }
        if (timed) ics.AddTimeZone(new VTimeZone(RegionClock.ZoneId));
        return new CalendarSerializer().SerializeToString(ics) ?? "";
    }

    private static CalDateTime At(DateOnly day, TimeOnly time) =>
        new(day.Year, day.Month, day.Day, time.Hour, time.Minute, time.Second, RegionClock.ZoneId);

    private static string Summary(MeetingCalendar calendar, Meeting meeting) =>
        (meeting.Cancelled ? "INSTÄLLT: " : "") + (meeting.Title ?? $"{calendar.BodyCode}: {KindNames[meeting.Kind]}");

    private static string Description(Meeting meeting)
    {
        var text = new StringBuilder();
        foreach (var group in meeting.Agenda.GroupBy(i => i.Category).OrderBy(g => g.Key))
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(CategoryHeadings[group.Key]).Append('\n');
            foreach (var item in group)
            {
                text.Append("- ").Append(item.Title);
                if (item.ResponsibleRole is { } role) text.Append(" (").Append(role).Append(')');
                if (item.CaseNumber is { } caseNumber) text.Append(", ").Append(caseNumber);
                text.Append('\n');
            }
        }
        return text.Length == 0 ? KindNames[meeting.Kind] : text.ToString().TrimEnd();
    }
}
