using Region.Contracts.Events;
using Region.Meetings.Domain;

namespace Region.Meetings.Events;

/// Builds the event-carried states of the meetings events from the domain, the same way for live
/// changes and for snapshots, so a re-announced state has the version its live event had.
public static class MeetingEventStates
{
    public static AgendaItemData Data(this AgendaItem item) => new(
        item.Id, item.Category.ToString(), item.Title, item.ResponsibleRole, item.CaseNumber, item.FollowUpArea,
        item.Covers, item.Position);

    public static MeetingState State(this Meeting m, MeetingCalendar calendar) => new(
        m.Id, calendar.BodyCode, calendar.Year, m.Kind.ToString(), m.Title, m.StartDate, m.EndDate, m.StartTime, m.EndTime,
        m.Place, m.Cancelled, m.Agenda.Select(i => i.Data()).ToList(), m.Version);

    /// Only for an imported calendar (Source set): live at the import and again in a snapshot.
    public static CalendarImported Imported(this MeetingCalendar calendar, string tenant, DateTimeOffset at) => new(
        Guid.NewGuid(), tenant, at, calendar.BodyCode, calendar.Year, calendar.Source!, calendar.Findings.ToList());

    public static FollowUpPlanState State(this FollowUpPlan plan, MeetingCalendar calendar) => new(
        calendar.BodyCode, calendar.Year, plan.Areas.Select(a => new FollowUpAreaData(a.Name, a.Frequency.ToString())).ToList(), plan.Version);
}
