using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Api = Region.Meetings.V1;
using CommonApi = Region.Common.V1;

namespace Region.Meetings.Grpc;

/// region.meetings.v1.MeetingsService: validates each request as a whole, changes the model and
/// writes the events to the outbox in the same SaveChanges, so a rejected request writes nothing
/// and an accepted one is always announced.
public sealed class MeetingsGrpcService(MeetingsDb db, TimeProvider clock, ILogger<MeetingsGrpcService> logger)
    : Api.MeetingsService.MeetingsServiceBase
{
    private string Tenant => db.Caller.RequiredTenant;
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => RegionClock.Today(clock);

    // ---------- Calendars ----------

    public override async Task<Api.Calendar> CreateCalendar(Api.CreateCalendarRequest request, ServerCallContext context)
    {
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, request.Name, v);
        v.ThrowIfAny();
        await EnsureNoCalendarAsync(request.BodyCode, request.Year, context.CancellationToken);
        var calendar = new MeetingCalendar { BodyCode = request.BodyCode.Trim(), Year = request.Year, Name = request.Name.Trim() };
        db.Calendars.Add(calendar);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(calendar, [], null);
    }

    public override async Task<Api.Calendar> GetCalendar(Api.GetCalendarRequest request, ServerCallContext context)
    {
        var calendar = await RequireCalendarAsync(request.BodyCode, request.Year, context.CancellationToken);
        var meetings = await MeetingsOfAsync(db, calendar, context.CancellationToken);
        var plan = await PlanOfAsync(calendar, context.CancellationToken);
        return ToProto(calendar, meetings, plan);
    }

    public override async Task<Api.ListCalendarsResponse> ListCalendars(Api.ListCalendarsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendars = await db.Calendars.AsNoTracking().OrderByDescending(c => c.Year).ThenBy(c => c.BodyCode).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking().GroupBy(m => m.CalendarId)
            .Select(g => new { g.Key, Meetings = g.Count(), Items = g.Sum(m => m.Items.Count) }).ToDictionaryAsync(x => x.Key, ct);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.CalendarId, ct);
        var response = new Api.ListCalendarsResponse();
        response.Calendars.AddRange(calendars.Select(c => new Api.CalendarSummary
        {
            BodyCode = c.BodyCode,
            Year = c.Year,
            Name = c.Name,
            Meetings = meetings.TryGetValue(c.Id, out var m) ? m.Meetings : 0,
            Items = m?.Items ?? 0,
            PlanAreas = plans.TryGetValue(c.Id, out var p) ? p.Areas.Count : 0,
        }));
        return response;
    }

    public override async Task<Api.Calendar> ImportCalendar(Api.ImportCalendarRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, request.Name, v);
        var rules = FollowUpPlan.Validate(request.Plan.ToDrafts(), "plan", v);
        var drafts = request.Meetings.Select((m, i) => m.ToDraft($"meetings[{i}].", v)).ToList();
        for (var i = 0; i < drafts.Count; i++) Meeting.Validate(drafts[i], request.Year, $"meetings[{i}].", v);
        var dated = drafts.Select((d, i) => (Draft: d, Index: i)).Where(x => x.Draft.StartDate is not null).ToList();
        foreach (var (index, description) in MeetingCalendar.Overlaps(dated.Select(x => (x.Draft.StartDate!.Value, x.Draft.EndDate ?? x.Draft.StartDate!.Value)).ToList()))
            v.Add($"meetings[{dated[index].Index}].start_date", description);
        v.ThrowIfAny();
        await EnsureNoCalendarAsync(request.BodyCode, request.Year, ct);

        // A year's calendar is often imported after the fact (the past is history, not a change), so
        // no date is compared with today here.
        var calendar = new MeetingCalendar { BodyCode = request.BodyCode.Trim(), Year = request.Year, Name = request.Name.Trim() };
        db.Calendars.Add(calendar);
        FollowUpPlan? plan = null;
        if (rules.Count > 0)
        {
            db.Plans.Add(plan = FollowUpPlan.For(calendar.Id, rules));
            db.Enqueue(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.ToState(calendar)));
        }
        var meetings = drafts.Select(d => Meeting.From(d, calendar.Id)).ToList();
        foreach (var meeting in meetings)
        {
            db.Meetings.Add(meeting);
            db.Enqueue(new MeetingScheduled(Guid.NewGuid(), Tenant, Now, meeting.ToState(calendar)));
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Calendar {Body} {Year} imported: {Meetings} meetings, {Items} items, {Areas} plan areas",
            calendar.BodyCode, calendar.Year, meetings.Count, meetings.Sum(m => m.Items.Count), rules.Count);
        return ToProto(calendar, meetings, plan);
    }

    // ---------- Meetings and their agenda ----------

    public override async Task<Api.Meeting> ScheduleMeeting(Api.ScheduleMeetingRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, null, v);
        var draft = request.Meeting.ToDraft("meeting.", v);
        Meeting.Validate(draft, request.Year, "meeting.", v);
        if (draft.StartDate is { } start)
            v.Check(start >= Today, "meeting.start_date", $"{start:yyyy-MM-dd} is in the past (today is {Today:yyyy-MM-dd}).");
        v.ThrowIfAny();
        var calendar = await RequireCalendarAsync(request.BodyCode, request.Year, ct);
        var meeting = Meeting.From(draft, calendar.Id);
        await CheckNoOverlapAsync(meeting.Id, calendar, meeting.StartDate, meeting.EndDate, "meeting.start_date", ct);
        db.Meetings.Add(meeting);
        db.Enqueue(new MeetingScheduled(Guid.NewGuid(), Tenant, Now, meeting.ToState(calendar)));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Meeting {MeetingId} of {Body} scheduled on {Date}", meeting.Id, calendar.BodyCode, meeting.StartDate);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> GetMeeting(Api.GetMeetingRequest request, ServerCallContext context)
    {
        var (meeting, calendar) = await RequireMeetingAsync(request.MeetingId, null, context.CancellationToken);
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
        db.Enqueue(new MeetingMoved(Guid.NewGuid(), Tenant, Now, previousStart, previousEnd, meeting.ToState(calendar)));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Meeting {MeetingId} moved from {From} to {To} with {Items} items", meeting.Id, previousStart, meeting.StartDate, meeting.Items.Count);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> CancelMeeting(Api.CancelMeetingRequest request, ServerCallContext context)
    {
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, new Violations(), context.CancellationToken);
        meeting.Cancel();
        db.Enqueue(new MeetingCancelled(Guid.NewGuid(), Tenant, Now, meeting.ToState(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Meeting {MeetingId} of {Date} cancelled", meeting.Id, meeting.StartDate);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> AddAgendaItem(Api.AddAgendaItemRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var draft = (request.Item ?? new Api.AgendaItem()).ToDraft("item", v);
        AgendaItem.Validate(draft, null, "item", v);
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, context.CancellationToken);
        // Now that the meeting's date is known: the period the item reports must be over by then.
        AgendaItem.Validate(draft, meeting.StartDate, "item", v);
        v.ThrowIfAny();

        var item = meeting.AddItem(draft);
        db.AgendaItems.Add(item);
        db.Enqueue(new AgendaItemAdded(Guid.NewGuid(), Tenant, Now, item.ToData(), meeting.ToState(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> RemoveAgendaItem(Api.RemoveAgendaItemRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(Guid.TryParse(request.ItemId, out var itemId), "item_id", "The id of an item of the meeting.");
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, context.CancellationToken);
        var item = meeting.RemoveItem(itemId);
        db.AgendaItems.Remove(item);
        db.Enqueue(new AgendaItemRemoved(Guid.NewGuid(), Tenant, Now, item.Id, meeting.ToState(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        return meeting.ToProto(calendar);
    }

    // ---------- Follow-up plan, coverage, export ----------

    public override async Task<Api.FollowUpPlan> SetFollowUpPlan(Api.SetFollowUpPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, null, v);
        var rules = FollowUpPlan.Validate(request.Areas.ToDrafts(), "areas", v);
        v.Check(request.Areas.Count > 0, "areas", "A plan has at least one area.");
        v.ThrowIfAny();
        var calendar = await RequireCalendarAsync(request.BodyCode, request.Year, ct);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.CalendarId == calendar.Id, ct);
        if (plan is null) db.Plans.Add(plan = FollowUpPlan.For(calendar.Id, rules));
        else
        {
            if (!string.IsNullOrEmpty(request.Etag) && request.Etag != plan.Etag)
                throw new ConcurrencyConflictException($"The follow-up plan of {calendar.BodyCode} {calendar.Year} has changed since you read it (etag {request.Etag}, now {plan.Etag}); read it again.");
            plan.Replace(rules);
        }
        db.Enqueue(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.ToState(calendar)));
        await db.SaveChangesAsync(ct);
        return plan.ToProto(calendar);
    }

    public override async Task<Api.Coverage> GetCoverage(Api.GetCoverageRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendar = await RequireCalendarAsync(request.BodyCode, request.Year, ct);
        var meetings = await MeetingsOfAsync(db, calendar, ct);
        var plan = await PlanOfAsync(calendar, ct);
        var report = Coverage.Check(plan?.Areas ?? [], meetings);
        var response = new Api.Coverage { BodyCode = calendar.BodyCode, Year = calendar.Year, Complete = report.Complete };
        response.Gaps.AddRange(report.Gaps.Select(g =>
        {
            var gap = new Api.CoverageGap
            {
                Area = g.Area.Name,
                Frequency = (Api.FollowUpFrequency)(int)g.Area.Frequency,
                Required = g.Area.RequiredCount,
                Scheduled = g.Scheduled,
            };
            gap.MissingTertials.AddRange(g.MissingTertials);
            return gap;
        }));
        response.UnplannedItems.AddRange(report.UnplannedItems.Select(u => new Api.UnplannedItem
        {
            MeetingId = u.Meeting.Id.ToString(),
            MeetingDate = u.Meeting.StartDate.ToProto(),
            Item = u.Item.ToProto(),
        }));
        return response;
    }

    public override async Task<Api.ExportCalendarResponse> ExportCalendar(Api.ExportCalendarRequest request, ServerCallContext context)
    {
        var (calendar, meetings) = await LoadForExportAsync(db, request.BodyCode, request.Year, context.CancellationToken);
        return new Api.ExportCalendarResponse { Ics = IcsExport.Render(calendar, meetings, Now, Tenant), FileName = IcsExport.FileName(calendar) };
    }

    public override async Task<CommonApi.AnnounceSnapshotResponse> AnnounceSnapshot(CommonApi.AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendars = await db.Calendars.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var count = 0;
        foreach (var plan in await db.Plans.AsNoTracking().ToListAsync(ct))
        {
            db.Enqueue(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.ToState(calendars[plan.CalendarId])));
            count++;
        }
        foreach (var meeting in await db.Meetings.AsNoTracking().Include(m => m.Items).ToListAsync(ct))
        {
            var state = meeting.ToState(calendars[meeting.CalendarId]);
            db.Enqueue<IIntegrationEvent>(meeting.Cancelled
                ? new MeetingCancelled(Guid.NewGuid(), Tenant, Now, state)
                : new MeetingScheduled(Guid.NewGuid(), Tenant, Now, state));
            count++;
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot announced: {Events} events", count);
        return new CommonApi.AnnounceSnapshotResponse { Events = count };
    }

    // ---------- Shared steps ----------

    /// A calendar and its meetings with their items, for the export RPC and the HTTP feed.
    public static async Task<(MeetingCalendar Calendar, List<Meeting> Meetings)> LoadForExportAsync(MeetingsDb db, string bodyCode, int year, CancellationToken ct)
    {
        var calendar = await RequireCalendarAsync(db, bodyCode, year, ct);
        return (calendar, await MeetingsOfAsync(db, calendar, ct));
    }

    private Task<MeetingCalendar> RequireCalendarAsync(string bodyCode, int year, CancellationToken ct) => RequireCalendarAsync(db, bodyCode, year, ct);

    private static async Task<MeetingCalendar> RequireCalendarAsync(MeetingsDb db, string bodyCode, int year, CancellationToken ct)
    {
        var v = new Violations();
        MeetingCalendar.Validate(bodyCode, year, null, v);
        v.ThrowIfAny();
        return await db.Calendars.SingleOrDefaultAsync(c => c.BodyCode == bodyCode.Trim() && c.Year == year, ct)
            ?? throw new NotFoundException($"{bodyCode} has no calendar for {year}.");
    }

    private async Task EnsureNoCalendarAsync(string bodyCode, int year, CancellationToken ct)
    {
        if (await db.Calendars.AnyAsync(c => c.BodyCode == bodyCode.Trim() && c.Year == year, ct))
            throw new AlreadyExistsException($"{bodyCode} already has a calendar for {year}.");
    }

    private static Task<List<Meeting>> MeetingsOfAsync(MeetingsDb db, MeetingCalendar calendar, CancellationToken ct) =>
        db.Meetings.AsNoTracking().Include(m => m.Items).Where(m => m.CalendarId == calendar.Id).OrderBy(m => m.StartDate).ToListAsync(ct);

    private Task<FollowUpPlan?> PlanOfAsync(MeetingCalendar calendar, CancellationToken ct) =>
        db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.CalendarId == calendar.Id, ct);

    /// The meeting and its calendar, once the request's violations so far (a malformed id among them) are none.
    private async Task<(Meeting, MeetingCalendar)> RequireMeetingAsync(string meetingId, Violations? v, CancellationToken ct)
    {
        v ??= new Violations();
        v.Check(Guid.TryParse(meetingId, out var id), "meeting_id", "The id of a meeting.");
        v.ThrowIfAny();
        var meeting = await db.Meetings.Include(m => m.Items).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new NotFoundException($"Meeting {meetingId} does not exist.");
        var calendar = await db.Calendars.SingleAsync(c => c.Id == meeting.CalendarId, ct);
        return (meeting, calendar);
    }

    private async Task<(Meeting, MeetingCalendar)> RequireChangeableMeetingAsync(string meetingId, string etag, Violations v, CancellationToken ct)
    {
        v.Check(!string.IsNullOrWhiteSpace(etag), "etag", "Send the etag of the meeting you read.");
        var (meeting, calendar) = await RequireMeetingAsync(meetingId, v, ct);
        CheckEtag(etag, meeting);
        meeting.EnsureChangeable(Today);
        return (meeting, calendar);
    }

    private async Task CheckNoOverlapAsync(Guid meetingId, MeetingCalendar calendar, DateOnly start, DateOnly end, string field, CancellationToken ct)
    {
        var other = await db.Meetings.AsNoTracking()
            .Where(m => m.CalendarId == calendar.Id && m.Id != meetingId && !m.Cancelled && m.StartDate <= end && start <= m.EndDate)
            .Select(m => (DateOnly?)m.StartDate).FirstOrDefaultAsync(ct);
        if (other is { } day)
            throw new ValidationFailedException([new FieldViolation(field, $"Shares a day with the meeting on {day:yyyy-MM-dd}.")]);
    }

    private static void CheckEtag(string etag, Meeting meeting)
    {
        if (etag != meeting.Etag)
            throw new ConcurrencyConflictException($"The meeting of {meeting.StartDate:yyyy-MM-dd} has changed since you read it (etag {etag}, now {meeting.Etag}); read it again.");
    }

    private static Api.Calendar ToProto(MeetingCalendar calendar, IEnumerable<Meeting> meetings, FollowUpPlan? plan)
    {
        var result = new Api.Calendar { BodyCode = calendar.BodyCode, Year = calendar.Year, Name = calendar.Name, Plan = plan.ToProto(calendar) };
        result.Meetings.AddRange(meetings.OrderBy(m => m.StartDate).Select(m => m.ToProto(calendar)));
        return result;
    }
}
