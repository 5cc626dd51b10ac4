using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Goals.Events;
using Region.ServiceDefaults.Outbox;
using CommonApi = Region.Common.V1;

namespace Region.Goals.Grpc;

/// AnnounceSnapshot: every plan of the caller's tenant announced again, for a reader that rebuilds.
public sealed partial class GoalsGrpcService
{
    public override async Task<CommonApi.AnnounceSnapshotResponse> AnnounceSnapshot(CommonApi.AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var rebuildId = SnapshotOutbox.RebuildId(request.RebuildId);
        var events = new List<IIntegrationEvent>();
        foreach (var plan in await db.Plans.Include(p => p.Revisions).ToListAsync(ct))
        {
            var progress = await LoadProgressAsync(plan, ct);
            var indicatorOutcomes = await db.IndicatorOutcomes.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct);
            events.AddRange(PlanSnapshotEvents.For(plan, progress, indicatorOutcomes, caller.Tenant, caller.Now));
        }
        var count = db.EnqueueSnapshot(events, (n, ids) => new GoalsSnapshotAnnounced(Guid.NewGuid(), caller.Tenant, caller.Now, rebuildId, n, ids));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot of tenant {Tenant} announced: {Events} events", caller.Tenant, count);
        return new CommonApi.AnnounceSnapshotResponse { Events = count };
    }
}
