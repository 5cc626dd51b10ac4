using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.Meetings.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// Calendars: create an empty one, read one or all, import a year's calendar with its follow-up plan.
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.Calendar> CreateCalendar(Api.CreateCalendarRequest request, ServerCallContext context)
    {
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, request.Name, v);
        v.ThrowIfAny();
        var calendar = MeetingCalendar.Create(request.BodyCode, request.Year, request.Name);
        await RequireInScopeAsync(calendar.BodyCode, context.CancellationToken);
        await EnsureRoomForAsync(calendar, context.CancellationToken);
        db.Calendars.Add(calendar);
        await SaveNewCalendarAsync(calendar, context.CancellationToken);
        return calendar.ToProto([], null);
    }

    public override async Task<Api.Calendar> GetCalendar(Api.GetCalendarRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, ct);
        return calendar.ToProto(await db.MeetingsOfAsync(calendar, ct), await db.FollowUpPlanOfAsync(calendar, ct));
    }

    public override async Task<Api.ListCalendarsResponse> ListCalendars(Api.ListCalendarsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendars = await db.Calendars.AsNoTracking().OrderByDescending(c => c.Year).ThenBy(c => c.BodyCode).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking().GroupBy(m => m.CalendarId)
            .Select(g => new { g.Key, Meetings = g.Count(), Items = g.Sum(m => m.Items.Count) }).ToDictionaryAsync(x => x.Key, ct);
        var plans = await db.FollowUpPlans.AsNoTracking().ToDictionaryAsync(p => p.CalendarId, ct);
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
        Input.CheckText(request.Source, "source", MeetingCalendar.MaxSourceLength, v);
        var rules = FollowUpPlan.Validate(request.Plan.ToDrafts(), "plan", v);
        var drafts = request.Meetings.Select((m, i) => m.ToDraft($"meetings[{i}].", v)).ToList();
        MeetingCalendar.ValidateMeetings(drafts, request.Year, v);
        v.ThrowIfAny();

        // A year's calendar is often imported after the fact (the past is history, not a change), so
        // no date is compared with today here.
        var calendar = MeetingCalendar.Create(request.BodyCode, request.Year, request.Name);
        await EnsureRoomForAsync(calendar, ct);
        db.Calendars.Add(calendar);
        FollowUpPlan? plan = null;
        if (rules.Count > 0)
        {
            db.FollowUpPlans.Add(plan = FollowUpPlan.For(calendar.Id, rules));
            db.Enqueue(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.State(calendar)));
        }
        var meetings = drafts.Select(d => Meeting.From(d, calendar.Id)).ToList();
        foreach (var meeting in meetings)
        {
            db.Meetings.Add(meeting);
            db.Enqueue(new MeetingScheduled(Guid.NewGuid(), Tenant, Now, meeting.State(calendar)));
        }
        // As the budget's table import: what contradicts itself is imported as published and reported.
        calendar.Source = Input.NullIfBlank(request.Source) ?? (calendar.Name.Length > 0 ? calendar.Name : $"Sammanträdesplanering {calendar.BodyCode} {calendar.Year}");
        calendar.Findings = CalendarCheck.Check(meetings).ToList();
        db.Enqueue(calendar.Imported(Tenant, Now));
        await SaveNewCalendarAsync(calendar, ct);
        logger.LogInformation("Calendar {Body} {Year} imported: {Meetings} meetings, {Items} items, {Areas} plan areas, {Findings} findings",
            calendar.BodyCode, calendar.Year, meetings.Count, meetings.Sum(m => m.Items.Count), rules.Count, calendar.Findings.Count);
        return calendar.ToProto(meetings, plan);
    }

    /// ALREADY_EXISTS when the body has a calendar for the year; FAILED_PRECONDITION when the region has all it may.
    private async Task EnsureRoomForAsync(MeetingCalendar calendar, CancellationToken ct)
    {
        if (await db.Calendars.AnyAsync(c => c.BodyCode == calendar.BodyCode && c.Year == calendar.Year, ct))
            throw CalendarExists(calendar);
        if (await db.Calendars.CountAsync(ct) >= MeetingCalendar.MaxPerTenant)
            throw new FailedPreconditionException($"The region already has {MeetingCalendar.MaxPerTenant} calendars, the most it may keep.");
    }

    /// Saves a new calendar (and what came with it); one created meanwhile by another call is ALREADY_EXISTS, as if seen before.
    private async Task SaveNewCalendarAsync(MeetingCalendar calendar, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsViolationOf(e, MeetingsDb.OneCalendarPerBodyAndYear))
        {
            throw CalendarExists(calendar);
        }
    }

    private static AlreadyExistsException CalendarExists(MeetingCalendar calendar) =>
        new($"{calendar.BodyCode} already has a calendar for {calendar.Year}.");
}
