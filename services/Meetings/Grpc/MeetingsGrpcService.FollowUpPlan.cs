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

/// A calendar's follow-up plan (uppföljningsplan) and what the calendar misses against it.
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.FollowUpPlan> SetFollowUpPlan(Api.SetFollowUpPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, null, v);
        var rules = FollowUpPlan.Validate(request.Areas.ToDrafts(), "areas", v, atLeastOne: true);
        Etag.Check(request.Etag, v, what: "the calendar's follow-up plan (\"0\" before it has one)");
        v.ThrowIfAny();
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, ct);
        await RequireInScopeAsync(calendar.BodyCode, ct);
        var plan = await db.FollowUpPlans.SingleOrDefaultAsync(p => p.CalendarId == calendar.Id, ct);
        Etag.Match(request.Etag, plan?.Version ?? FollowUpPlan.NoPlanVersion, $"the follow-up plan of {calendar.BodyCode} {calendar.Year}");
        if (plan is null) db.FollowUpPlans.Add(plan = FollowUpPlan.For(calendar.Id, rules));
        else plan.Replace(rules);
        db.Enqueue(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.State(calendar)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsViolationOf(e, MeetingsDb.OnePlanPerCalendar))
        {
            // Two first plans sent at once, both with etag "0": the one that lost read a plan that is no longer current.
            throw new ConcurrencyConflictException($"The follow-up plan of {calendar.BodyCode} {calendar.Year} was set meanwhile; read it again.");
        }
        return plan.ToProto(calendar);
    }

    public override async Task<Api.Coverage> GetCoverage(Api.GetCoverageRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, ct);
        var meetings = await db.MeetingsOfAsync(calendar, ct);
        var plan = await db.FollowUpPlanOfAsync(calendar, ct);
        return Coverage.Check(plan?.Areas ?? [], meetings).ToProto(calendar);
    }
}
