using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.Contracts.Events;
using Region.Investments.Events;
using Region.ServiceDefaults.Outbox;

namespace Region.Investments.Grpc;

/// Admin: every plan and object of the tenant announced again, for a read model that starts over.
public sealed partial class InvestmentsGrpcService
{
    public override async Task<AnnounceSnapshotResponse> AnnounceSnapshot(AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Year).ThenBy(p => p.BodyCode).ToListAsync(ct);
        var objects = await db.Objects.AsNoTracking().OrderBy(o => o.Year).ThenBy(o => o.UnitCode).ThenBy(o => o.Name).ToListAsync(ct);
        var rebuildId = SnapshotOutbox.RebuildId(request.RebuildId);
        var events = plans.Select(plan => (IIntegrationEvent)new InvestmentPlanCreated(Guid.NewGuid(), Tenant, Now, plan.State()))
            .Concat(objects.Select(o => new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.State())))
            .ToList();
        var count = db.EnqueueSnapshot(events, (n, ids) => new InvestmentsSnapshotAnnounced(Guid.NewGuid(), Tenant, Now, rebuildId, n, ids));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot announced: {Plans} plans, {Objects} objects", plans.Count, objects.Count);
        return new AnnounceSnapshotResponse { Events = count };
    }
}
