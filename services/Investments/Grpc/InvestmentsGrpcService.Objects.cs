using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Contracts.Events;
using Region.Investments.Data;
using Region.Investments.Domain;
using Region.Investments.Events;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// Objects and their lifecycle: add (safe to retry with a request id), read, update, change status.
public sealed partial class InvestmentsGrpcService
{
    public override async Task<Api.InvestmentObject> AddObject(Api.AddObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var fields = request.Object.ToDomain();
        var v = new Violations();
        Input.CheckCode(request.BodyCode, "body_code", v);
        Input.CheckYear(request.Year, "year", v);
        fields.Validate("object.", BodyUnits(tree, request.BodyCode), v);
        Input.CheckText(request.RequestId, "request_id", InvestmentObject.MaxRequestIdLength, v);
        v.ThrowIfAny();
        UnitScope.RequireWithin(token, fields.UnitCode, tree);
        var requestId = Input.NullIfBlank(request.RequestId);
        var fingerprint = fields.Fingerprint(request.BodyCode, request.Year);
        // A retry of a call that already went through: the object it added, nothing written.
        if (requestId is not null && await AddedByAsync(requestId, ct) is { } added)
            return Retried(added, requestId, fingerprint);
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        if (await db.Objects.CountAsync(o => o.PlanId == plan.Id, ct) >= InvestmentObject.MaxPerPlan)
            throw new FailedPreconditionException($"The plan already holds {InvestmentObject.MaxPerPlan} objects, the most a plan may hold.");
        if (fields.UrgentPool) await CheckOnePoolAsync(plan.Id, null, ct);
        await EnsureRegionTotalAsync(0, fields.Amount, ct);

        var o = InvestmentObject.Create(plan, fields, InvestmentStatus.Planned, null, User, Now);
        (o.RequestId, o.RequestHash) = (requestId, requestId is null ? null : fingerprint);
        db.Objects.Add(o);
        db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.State()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (requestId is not null && IsViolationOf(e, InvestmentsDb.OneObjectPerRequestId))
        {
            // The same request id committed meanwhile by a concurrent retry: answer as a retry does.
            db.ChangeTracker.Clear();
            return Retried((await AddedByAsync(requestId, ct))!, requestId, fingerprint);
        }
        catch (DbUpdateException e) when (IsViolationOf(e, InvestmentsDb.OneUrgentPoolPerPlan))
        {
            throw PoolTaken();
        }
        logger.LogInformation("Investment {Id} added to {Body} {Year}: {Amount}", o.Id, plan.BodyCode, plan.Year, o.Amount);
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> GetObject(Api.GetObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var id = ParseId(request.Id, v);
        v.ThrowIfAny();
        var o = await db.Objects.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException($"Investment object '{id}' does not exist.");
        var latest = await db.Changes.AsNoTracking().Where(c => c.ObjectId == id)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(InvestmentObject.MaxHistoryShown).ToListAsync(ct);
        return o.ToProto(latest);
    }

    public override async Task<Api.InvestmentObject> UpdateObject(Api.UpdateObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var id = ParseId(request.Id, v);
        Etag.Check(request.Etag, v, what: "the object you read");
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var fields = request.Object.ToDomain();
        fields.Validate("object.", BodyUnits(tree, o.BodyCode), v);
        v.ThrowIfAny();
        // Both where the object is and where it moves to: no moving objects in or out of the scope.
        foreach (var unit in new[] { o.UnitCode, fields.UnitCode }) UnitScope.RequireWithin(token, unit, tree);
        MatchEtag(request.Etag, o);
        if (fields.UrgentPool) await CheckOnePoolAsync(o.PlanId, o.Id, ct);
        var before = InvestmentFigures.Weight(o);
        o.Apply(fields, User, Now);
        await EnsureRegionTotalAsync(before, InvestmentFigures.Weight(o), ct);
        db.Enqueue(new InvestmentObjectChanged(Guid.NewGuid(), Tenant, Now, o.State()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsViolationOf(e, InvestmentsDb.OneUrgentPoolPerPlan))
        {
            throw PoolTaken();
        }
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> ChangeStatus(Api.ChangeStatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var to = request.Status.ToDomain();
        var v = new Violations();
        var id = ParseId(request.Id, v);
        Etag.Check(request.Etag, v, what: "the object you read");
        v.Check(to is not null, "status", "Say which status the object moves to: decided, started, completed or cancelled.");
        InvestmentPlan.ValidateReference(request.DecisionReference, "decision_reference", v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        await RequireInScopeAsync(ct, o.UnitCode);
        MatchEtag(request.Etag, o);
        var planDecision = to == InvestmentStatus.Decided && o.DecisionReference is null
            ? (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == o.PlanId, ct)).DecisionReference
            : null;
        var from = o.ChangeStatus(to!.Value, request.DecisionReference, User, Now, planDecision);
        db.Enqueue<IIntegrationEvent>(to == InvestmentStatus.Decided
            ? new InvestmentDecided(Guid.NewGuid(), Tenant, Now, o.State())
            : new InvestmentStatusChanged(Guid.NewGuid(), Tenant, Now, from.ToString(), o.State()));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Investment {Id} {From} → {To}", o.Id, from, o.Status);
        return o.ToProto();
    }

    private Task<InvestmentObject?> AddedByAsync(string requestId, CancellationToken ct) =>
        db.Objects.AsNoTracking().SingleOrDefaultAsync(x => x.RequestId == requestId, ct);

    /// The object an earlier call with this request id added, when this call asks for the same;
    /// other values under a used id are refused rather than silently answered with the old object.
    private static Api.InvestmentObject Retried(InvestmentObject added, string requestId, string fingerprint)
    {
        // Objects added before the fingerprint was kept have none: a retry of theirs is taken on trust.
        if (added.RequestHash is not null && added.RequestHash != fingerprint)
            throw new FailedPreconditionException(
                $"Request id {Input.Quote(requestId)} already added {Input.Quote(added.Name)} with other values; send a new request id for another object.");
        return added.ToProto();
    }

    /// A plan has one pool for urgent investments; except is the object being changed.
    private async Task CheckOnePoolAsync(Guid planId, Guid? except, CancellationToken ct)
    {
        if (await db.Objects.AnyAsync(o => o.PlanId == planId && o.UrgentPool && o.Id != except, ct))
            throw PoolTaken();
    }

    private static ValidationFailedException PoolTaken() =>
        new([new FieldViolation("object.urgent_pool", "The plan already has its pool for urgent investments.")]);

    private static bool IsViolationOf(DbUpdateException e, string index) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == index;
}
