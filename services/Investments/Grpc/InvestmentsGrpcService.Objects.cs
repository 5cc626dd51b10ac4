using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Investments.Domain;
using Region.Investments.Events;
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
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        Input.CheckYear(request.Year, "year", v);
        fields.Validate("object.", BodyUnits(tree, request.BodyCode).Contains, v);
        v.Check(request.RequestId.Length <= InvestmentObject.MaxRequestIdLength, "request_id", $"At most {InvestmentObject.MaxRequestIdLength} characters.");
        v.ThrowIfAny();
        var requestId = Input.NullIfBlank(request.RequestId);
        // A retry of a call that already went through: the object it added, nothing written.
        if (requestId is not null && await db.Objects.AsNoTracking().SingleOrDefaultAsync(x => x.RequestId == requestId, ct) is { } added)
            return added.ToProto();
        var plan = await RequirePlanAsync(tree, request.BodyCode, request.Year, ct);
        if (fields.UrgentPool) await CheckOnePoolAsync(plan.Id, null, ct);

        var o = InvestmentObject.Create(plan, fields, InvestmentStatus.Planned, null, User, Now);
        o.RequestId = requestId;
        db.Objects.Add(o);
        db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.State()));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Investment {Id} added to {Body} {Year}: {Amount}", o.Id, plan.BodyCode, plan.Year, o.Amount);
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> GetObject(Api.GetObjectRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var id = ParseId(request.Id, v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, context.CancellationToken);
        return o.ToProto(withHistory: true);
    }

    public override async Task<Api.InvestmentObject> UpdateObject(Api.UpdateObjectRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var id = ParseId(request.Id, v);
        Etag.CheckPresent(request.Etag, v, what: "the object you read");
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var fields = request.Object.ToDomain();
        fields.Validate("object.", BodyUnits(tree, o.BodyCode).Contains, v);
        v.ThrowIfAny();
        MatchEtag(request.Etag, o);
        if (fields.UrgentPool) await CheckOnePoolAsync(o.PlanId, o.Id, ct);
        o.Apply(fields, User, Now);
        db.Enqueue(new InvestmentObjectChanged(Guid.NewGuid(), Tenant, Now, o.State()));
        await db.SaveChangesAsync(ct);
        return o.ToProto();
    }

    public override async Task<Api.InvestmentObject> ChangeStatus(Api.ChangeStatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var to = request.Status.ToDomain();
        var v = new Violations();
        var id = ParseId(request.Id, v);
        Etag.CheckPresent(request.Etag, v, what: "the object you read");
        v.Check(to is not null, "status", "Say which status the object moves to.");
        InvestmentPlan.ValidateReference(request.DecisionReference, "decision_reference", v);
        v.ThrowIfAny();
        var o = await RequireObjectAsync(id, ct);
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

    /// A plan has one pool for urgent investments; except is the object being changed.
    private async Task CheckOnePoolAsync(Guid planId, Guid? except, CancellationToken ct)
    {
        if (await db.Objects.AnyAsync(o => o.PlanId == planId && o.UrgentPool && o.Id != except, ct))
            throw new ValidationFailedException([new FieldViolation("object.urgent_pool", "The plan already has its pool for urgent investments.")]);
    }
}
