using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// region.meetings.v1.MeetingsService, one file per resource (.Calendars, .Meetings, .Agenda,
/// .FollowUpPlan, .ICalendar, .Feeds, .Snapshot): each call validates the request as a whole, changes the
/// model and writes the events to the outbox in the same SaveChanges, so a rejected request writes
/// nothing and an accepted one is always announced.
public sealed partial class MeetingsGrpcService(MeetingsDb db, RequestContext current, CallerContext token, ILogger<MeetingsGrpcService> logger)
    : Api.MeetingsService.MeetingsServiceBase
{
    private string Tenant => current.Tenant;
    private DateTimeOffset Now => current.Now;
    private DateOnly Today => RegionClock.Today(current.Now);

    /// The meeting and its calendar, once the request's violations so far (a malformed id among them) are none.
    private async Task<(Meeting, MeetingCalendar)> RequireMeetingAsync(string meetingId, Violations v, CancellationToken ct)
    {
        v.Check(Guid.TryParse(meetingId, out var id), "meeting_id", "The id of a meeting.");
        v.ThrowIfAny();
        var meeting = await db.Meetings.Include(m => m.Items).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new NotFoundException($"Meeting {id} does not exist.");
        var calendar = await db.Calendars.SingleAsync(c => c.Id == meeting.CalendarId, ct);
        return (meeting, calendar);
    }

    /// Unit scope (docs/security.md): a calendar and its meetings belong to a body, a unit; a
    /// planner limited to a unit changes only the calendars of bodies within it.
    private Task RequireInScopeAsync(string bodyCode, CancellationToken ct) =>
        UnitScope.RequireWithinAsync(token, db, [bodyCode], ct);

    /// A meeting about to change: within the caller's unit scope, the etag the caller read still
    /// current, and the meeting not over.
    private async Task<(Meeting, MeetingCalendar)> RequireChangeableMeetingAsync(string meetingId, string etag, Violations v, CancellationToken ct)
    {
        Etag.Check(etag, v, what: "the meeting you read");
        var (meeting, calendar) = await RequireMeetingAsync(meetingId, v, ct);
        await RequireInScopeAsync(calendar.BodyCode, ct);
        Etag.Match(etag, meeting.Version, $"the meeting of {meeting.StartDate:yyyy-MM-dd}");
        meeting.EnsureChangeable(Today);
        return (meeting, calendar);
    }

    /// FAILED_PRECONDITION when adding items would take the calendar past MeetingCalendar.MaxItems.
    private static void EnsureRoomForItems(int calendarItems, int added)
    {
        if (added > 0 && calendarItems + added > MeetingCalendar.MaxItems)
            throw new FailedPreconditionException(
                $"The calendar has {calendarItems} agenda items; {added} more would pass the {MeetingCalendar.MaxItems} a calendar may hold.");
    }

    private static bool IsViolationOf(DbUpdateException e, string index) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == index;
}
