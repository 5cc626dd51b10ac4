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

/// Plans: create one, read one with its objects and totals (optionally for one unit's subtree).
public sealed partial class InvestmentsGrpcService
{
    public override async Task<Api.Plan> CreatePlan(Api.CreatePlanRequest request, ServerCallContext context)
    {
        var tree = await OrgUnitReplicaTree.LoadAsync(db, context.CancellationToken);
        var v = new Violations();
        InvestmentPlan.Validate(request.BodyCode, request.Year, request.DecisionReference, code => tree.Find(code) is not null, v);
        v.ThrowIfAny();
        var plan = await AddPlanAsync(tree, request.BodyCode, request.Year, request.DecisionReference, null, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Investment plan {Body} {Year} created", plan.BodyCode, plan.Year);
        return plan.ToProto();
    }

    public override async Task<Api.PlanReport> GetPlan(Api.GetPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        Input.CheckYear(request.Year, "year", v);
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(tree, request.BodyCode, request.Year, ct);
        var root = string.IsNullOrWhiteSpace(request.UnitCode) ? plan.BodyCode : tree.Find(request.UnitCode)!.Code;
        var inScope = tree.SubtreeCodes(root);
        var objects = (await db.Objects.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct))
            .Where(o => inScope.Contains(o.UnitCode))
            .OrderBy(o => o.UnitCode, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var totals = PlanTotals.Of(objects, tree.Subtree(root).Select(u => u.Code), tree.SubtreeCodes);
        return plan.ToProto(objects, totals);
    }

    /// Adds a new plan and its event (not saved); the caller validated body, year and reference.
    private async Task<InvestmentPlan> AddPlanAsync(OrgUnitReplicaTree tree, string bodyCode, int year, string decisionReference, long? statedTotal, CancellationToken ct)
    {
        var code = tree.Find(bodyCode)!.Code;
        if (await db.Plans.AnyAsync(p => p.BodyCode == code && p.Year == year, ct))
            throw new AlreadyExistsException($"{code} already has an investment plan for {year}.");
        var plan = InvestmentPlan.Create(code, year, decisionReference, statedTotal, User, Now);
        db.Plans.Add(plan);
        db.Enqueue(new InvestmentPlanCreated(Guid.NewGuid(), Tenant, Now, plan.State()));
        return plan;
    }
}
