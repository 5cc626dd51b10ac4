using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Events;
using Region.Common.V1;
using Region.Contracts.Events;
using Region.ServiceDefaults.Outbox;

namespace Region.Budget.Grpc;

public sealed partial class BudgetGrpcService
{
    /// Re-announces the tenant's whole state with the events and versions live changes use, so a
    /// consumer applying "newer version wins" treats the snapshot like any late delivery.
    public override async Task<AnnounceSnapshotResponse> AnnounceSnapshot(AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await LoadTreeAsync(ct);
        var events = new List<IIntegrationEvent>();

        // Parents before children, so a replica never sees a unit before its parent.
        foreach (var (unit, _) in tree.All())
            events.Add(new OrgUnitCreated(Guid.NewGuid(), caller.Tenant, caller.Now, unit.ToState(tree.ParentCode(unit))));

        var frames = await db.Frames.AsNoTracking().Include(f => f.Entries).OrderBy(f => f.Year).ToListAsync(ct);
        foreach (var frame in frames)
        {
            var code = tree.Find(frame.UnitId)!.Code;
            var state = frame.ToState(code);
            events.Add(new BudgetFrameOpened(Guid.NewGuid(), caller.Tenant, caller.Now, state));
            foreach (var entry in frame.Entries.OrderBy(e => e.ChangedAt))
                events.Add(new BudgetFrameAdjusted(Guid.NewGuid(), caller.Tenant, caller.Now, entry.ToData(code, frame.Year), state));
        }

        foreach (var financing in await db.Financing.AsNoTracking().ToListAsync(ct))
            events.Add(new FinancingSet(Guid.NewGuid(), caller.Tenant, caller.Now, tree.Find(financing.BodyUnitId)!.Code, financing.Year, financing.Amounts, financing.Version));

        // One event per recorded batch, stamped with when it was recorded: a read model ordering
        // outcome lines by time then keeps a later live value over this older one.
        var outcomes = await db.Outcomes.AsNoTracking().ToListAsync(ct);
        var invented = (await db.OutcomeBatches.AsNoTracking().Where(b => b.Invented).Select(b => b.RequestId).ToListAsync(ct)).ToHashSet();
        foreach (var batch in outcomes.GroupBy(o => (o.RequestId, o.RecordedAt)).OrderBy(g => g.Key.RecordedAt))
            events.Add(new BudgetOutcomeRecorded(Guid.NewGuid(), caller.Tenant, batch.Key.RecordedAt, batch.Key.RequestId,
                batch.Select(o => o.ToData(tree.Find(o.UnitId)!.Code)).ToList(), invented.Contains(batch.Key.RequestId)));

        foreach (var forecast in await db.Forecasts.AsNoTracking().ToListAsync(ct))
            events.Add(new BudgetForecastRecorded(Guid.NewGuid(), caller.Tenant, caller.Now, tree.Find(forecast.UnitId)!.Code, forecast.Year,
                forecast.Net, forecast.Comment, forecast.Version, forecast.Invented));

        foreach (var import in await db.FrameTableImports.AsNoTracking().OrderBy(i => i.ImportedAt).ToListAsync(ct))
            events.Add(new FrameTableImported(Guid.NewGuid(), caller.Tenant, import.ImportedAt, import.Id, tree.Find(import.BodyUnitId)!.Code,
                import.Year, import.Source, import.Findings));

        foreach (var closed in await db.Years.AsNoTracking().Where(y => y.ClosedAt != null).ToListAsync(ct))
            events.Add(new BudgetYearClosed(Guid.NewGuid(), caller.Tenant, closed.ClosedAt!.Value, closed.Year));

        var rebuildId = SnapshotOutbox.RebuildId(request.RebuildId);
        db.EnqueueSnapshot(events, (n, ids) => new BudgetSnapshotAnnounced(Guid.NewGuid(), caller.Tenant, caller.Now, rebuildId, n, ids));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot of tenant {Tenant}: {Events} events announced", caller.Tenant, events.Count);
        return new AnnounceSnapshotResponse { Events = events.Count };
    }
}
