using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.Meetings.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
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
        var meeting = Meeting.From(draft, calendar.Id);
        await CheckNoOverlapAsync(meeting.Id, calendar, meeting.StartDate, meeting.EndDate, "meeting.start_date", ct);
        db.Meetings.Add(meeting);
        db.Enqueue(new MeetingScheduled(Guid.NewGuid(), Tenant, Now, meeting.State(calendar)));
        await db.SaveChangesAsync(ct);
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
        v.Check(request.Place.Length <= Meeting.MaxPlaceLength, "place", $"At most {Meeting.MaxPlaceLength} characters.");
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, ct);
        meeting.ValidateMove(start, end, startTime, endTime, calendar.Year, Today, v);
        v.ThrowIfAny();
        await CheckNoOverlapAsync(meeting.Id, calendar, start!.Value, end ?? start.Value, "start_date", ct);

        var (previousStart, previousEnd) = (meeting.StartDate, meeting.EndDate);
        meeting.Move(start.Value, end, startTime, endTime, request.Place);
        db.Enqueue(new MeetingMoved(Guid.NewGuid(), Tenant, Now, previousStart, previousEnd, meeting.State(calendar)));
        await db.SaveChangesAsync(ct);
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

    /// Two meetings of a calendar never share a day; cancelled ones make room.
    private async Task CheckNoOverlapAsync(Guid meetingId, MeetingCalendar calendar, DateOnly start, DateOnly end, string field, CancellationToken ct)
    {
        var other = await db.Meetings.AsNoTracking()
            .Where(m => m.CalendarId == calendar.Id && m.Id != meetingId && !m.Cancelled && m.StartDate <= end && start <= m.EndDate)
            .Select(m => (DateOnly?)m.StartDate).FirstOrDefaultAsync(ct);
        if (other is { } day)
            throw new ValidationFailedException([new FieldViolation(field, $"Shares a day with the meeting on {day:yyyy-MM-dd}.")]);
    }
}
