using Microsoft.EntityFrameworkCore;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Meetings.Data;

/// The reads the gRPC calls and the iCalendar feed share.
public static class MeetingsQueries
{
    /// A body's calendar of a year (tracked): INVALID_ARGUMENT for a malformed key, NOT_FOUND when there is none.
    public static async Task<MeetingCalendar> RequireCalendarAsync(this MeetingsDb db, string bodyCode, int year, CancellationToken ct)
    {
        var v = new Violations();
        MeetingCalendar.Validate(bodyCode, year, null, v);
        v.ThrowIfAny();
        var code = Input.Code(bodyCode);
        return await db.Calendars.SingleOrDefaultAsync(c => c.BodyCode == code && c.Year == year, ct)
            ?? throw new NotFoundException($"{Input.Quote(code)} has no calendar for {year}.");
    }

    /// The calendar's meetings with their items, in date order (read-only).
    public static Task<List<Meeting>> MeetingsOfAsync(this MeetingsDb db, MeetingCalendar calendar, CancellationToken ct) =>
        db.Meetings.AsNoTracking().Include(m => m.Items).Where(m => m.CalendarId == calendar.Id).OrderBy(m => m.StartDate).ToListAsync(ct);

    /// The calendar's follow-up plan, if it has one (read-only).
    public static Task<FollowUpPlan?> FollowUpPlanOfAsync(this MeetingsDb db, MeetingCalendar calendar, CancellationToken ct) =>
        db.FollowUpPlans.AsNoTracking().SingleOrDefaultAsync(p => p.CalendarId == calendar.Id, ct);

    /// A meeting of the calendar, not cancelled and not the one given, that shares a day with the range.
    public static Task<Meeting?> MeetingOnAsync(this MeetingsDb db, Guid calendarId, DateOnly start, DateOnly end, Guid except, CancellationToken ct) =>
        db.Meetings.AsNoTracking()
            .Where(m => m.CalendarId == calendarId && m.Id != except && !m.Cancelled && m.StartDate <= end && start <= m.EndDate)
            .OrderBy(m => m.StartDate).FirstOrDefaultAsync(ct);

    /// How many meetings and agenda items the calendar holds, for its limits.
    public static async Task<(int Meetings, int Items)> SizeOfAsync(this MeetingsDb db, Guid calendarId, CancellationToken ct)
    {
        var meetings = db.Meetings.Where(m => m.CalendarId == calendarId);
        return (await meetings.CountAsync(ct), await meetings.SelectMany(m => m.Items).CountAsync(ct));
    }
}
