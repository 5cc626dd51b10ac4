using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Meetings.Events;
using Region.ServiceDefaults.Outbox;
using CommonApi = Region.Common.V1;

namespace Region.Meetings.Grpc;

/// Admin: every follow-up plan and meeting of the tenant announced again, for a read model that starts over.
public sealed partial class MeetingsGrpcService
{
    public override async Task<CommonApi.AnnounceSnapshotResponse> AnnounceSnapshot(CommonApi.AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var calendars = await db.Calendars.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var rebuildId = SnapshotOutbox.RebuildId(request.RebuildId);
        var events = new List<IIntegrationEvent>();
        foreach (var plan in await db.FollowUpPlans.AsNoTracking().ToListAsync(ct))
            events.Add(new FollowUpPlanSet(Guid.NewGuid(), Tenant, Now, plan.State(calendars[plan.CalendarId])));
        foreach (var meeting in await db.Meetings.AsNoTracking().Include(m => m.Items).ToListAsync(ct))
        {
            var state = meeting.State(calendars[meeting.CalendarId]);
            events.Add(meeting.Cancelled
                ? new MeetingCancelled(Guid.NewGuid(), Tenant, Now, state)
                : new MeetingScheduled(Guid.NewGuid(), Tenant, Now, state));
        }
        foreach (var calendar in calendars.Values.Where(c => c.Source is not null))
            events.Add(calendar.Imported(Tenant, Now));
        var count = db.EnqueueSnapshot(events, (n, ids) => new MeetingsSnapshotAnnounced(Guid.NewGuid(), Tenant, Now, rebuildId, n, ids));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot announced: {Events} events", count);
        return new CommonApi.AnnounceSnapshotResponse { Events = count };
    }
}
