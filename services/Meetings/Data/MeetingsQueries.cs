using Microsoft.EntityFrameworkCore;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;

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
        return await db.Calendars.SingleOrDefaultAsync(c => c.BodyCode == bodyCode.Trim() && c.Year == year, ct)
            ?? throw new NotFoundException($"{bodyCode} has no calendar for {year}.");
    }

    /// The calendar's meetings with their items, in date order (read-only).
    public static Task<List<Meeting>> MeetingsOfAsync(this MeetingsDb db, MeetingCalendar calendar, CancellationToken ct) =>
        db.Meetings.AsNoTracking().Include(m => m.Items).Where(m => m.CalendarId == calendar.Id).OrderBy(m => m.StartDate).ToListAsync(ct);

    /// The calendar's follow-up plan, if it has one (read-only).
    public static Task<FollowUpPlan?> FollowUpPlanOfAsync(this MeetingsDb db, MeetingCalendar calendar, CancellationToken ct) =>
        db.FollowUpPlans.AsNoTracking().SingleOrDefaultAsync(p => p.CalendarId == calendar.Id, ct);
}
