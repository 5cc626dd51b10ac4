using Grpc.Core;
using Microsoft.EntityFrameworkCore;
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
        var count = 0;
        foreach (var plan in await db.Plans.Include(p => p.Revisions).ToListAsync(ct))
        {
            var progress = await LoadProgressAsync(plan, ct);
            var indicatorOutcomes = await db.IndicatorOutcomes.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct);
            foreach (var e in PlanSnapshotEvents.For(plan, progress, indicatorOutcomes, caller.Tenant, caller.Now))
            {
                db.Enqueue(e);
                count++;
            }
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot of tenant {Tenant} announced: {Events} events", caller.Tenant, count);
        return new CommonApi.AnnounceSnapshotResponse { Events = count };
    }
}
