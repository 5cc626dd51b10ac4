using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Contracts.Events;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.Meetings.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// Meetings: schedule one ahead of today, read, move (the agenda moves along) and cancel.
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.Meeting> ScheduleMeeting(Api.ScheduleMeetingRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, null, v);
        var draft = request.Meeting.ToDraft("meeting.", v);
        Meeting.ValidateNew(draft, request.Year, Today, "meeting.", v);
        v.ThrowIfAny();
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, ct);
        var (meetings, items) = await db.SizeOfAsync(calendar.Id, ct);
        if (meetings >= MeetingCalendar.MaxMeetings)
            throw new FailedPreconditionException($"The calendar already has {MeetingCalendar.MaxMeetings} meetings (cancelled ones included), the most it may hold.");
        EnsureRoomForItems(items, draft.Items.Count);
        var meeting = Meeting.From(draft, calendar.Id);
        await CheckNoOverlapAsync(meeting, ct);
        db.Meetings.Add(meeting);
        db.Enqueue(new MeetingScheduled(Guid.NewGuid(), Tenant, Now, meeting.State(calendar)));
        await SaveMeetingAsync(meeting, ct);
        logger.LogInformation("Meeting {MeetingId} of {Body} scheduled on {Date}", meeting.Id, calendar.BodyCode, meeting.StartDate);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> GetMeeting(Api.GetMeetingRequest request, ServerCallContext context)
    {
        var (meeting, calendar) = await RequireMeetingAsync(request.MeetingId, new Violations(), context.CancellationToken);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> MoveMeeting(Api.MoveMeetingRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var start = request.StartDate.ToDomain("start_date", v, required: true);
        var end = request.EndDate.ToDomain("end_date", v, required: false);
        var startTime = request.StartTime.ToDomain("start_time", v);
        var endTime = request.EndTime.ToDomain("end_time", v);
        Input.CheckText(request.Place, "place", Meeting.MaxPlaceLength, v);
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, ct);
        meeting.ValidateMove(start, end, startTime, endTime, calendar.Year, Today, v);
        v.ThrowIfAny();

        var (previousStart, previousEnd) = (meeting.StartDate, meeting.EndDate);
        meeting.Move(start!.Value, end, startTime, endTime, request.Place);
        await CheckNoOverlapAsync(meeting, ct);
        db.Enqueue(new MeetingMoved(Guid.NewGuid(), Tenant, Now, previousStart, previousEnd, meeting.State(calendar)));
        await SaveMeetingAsync(meeting, ct);
        logger.LogInformation("Meeting {MeetingId} moved from {From} to {To} with {Items} items", meeting.Id, previousStart, meeting.StartDate, meeting.Items.Count);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> CancelMeeting(Api.CancelMeetingRequest request, ServerCallContext context)
    {
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, new Violations(), context.CancellationToken);
        meeting.Cancel();
        db.Enqueue(new MeetingCancelled(Guid.NewGuid(), Tenant, Now, meeting.State(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Meeting {MeetingId} of {Date} cancelled", meeting.Id, meeting.StartDate);
        return meeting.ToProto(calendar);
    }

    /// Two meetings of a calendar never share a day; cancelled ones make room. Checked here for a
    /// clear answer; the database's exclusion constraint decides between concurrent calls.
    private async Task CheckNoOverlapAsync(Meeting meeting, CancellationToken ct)
    {
        if (await db.MeetingOnAsync(meeting.CalendarId, meeting.StartDate, meeting.EndDate, meeting.Id, ct) is { } other)
            throw Meeting.SharesADayWith(other);
    }

    /// Saves a scheduled or moved meeting. When a concurrent call put another meeting on its days
    /// first, the constraint refuses this one: answered as the check above would have, naming it.
    private async Task SaveMeetingAsync(Meeting meeting, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: MeetingsDb.MeetingsShareNoDay })
        {
            db.ChangeTracker.Clear();
            var other = await db.MeetingOnAsync(meeting.CalendarId, meeting.StartDate, meeting.EndDate, meeting.Id, ct);
            throw other is null ? new ConcurrencyConflictException("Another meeting was put on these days meanwhile; read the calendar again.") : Meeting.SharesADayWith(other);
        }
    }
}
