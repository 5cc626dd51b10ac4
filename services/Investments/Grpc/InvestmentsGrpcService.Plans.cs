using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Investments.Data;
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
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        InvestmentPlan.Validate(request.BodyCode, request.Year, request.DecisionReference, code => tree.Find(code) is not null, v);
        v.ThrowIfAny();
        var plan = await AddPlanAsync(request.BodyCode, request.Year, request.DecisionReference, null, ct);
        await SavePlanAsync(plan, ct);
        logger.LogInformation("Investment plan {Body} {Year} created", plan.BodyCode, plan.Year);
        return plan.ToProto();
    }

    public override async Task<Api.PlanReport> GetPlan(Api.GetPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        Input.CheckCode(request.BodyCode, "body_code", v);
        Input.CheckYear(request.Year, "year", v);
        var unit = CheckUnit(tree, request.UnitCode, "unit_code", v, required: false);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var root = unit ?? plan.BodyCode;
        var inScope = tree.SubtreeCodes(root);
        var objects = (await db.Objects.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct))
            .Where(o => inScope.Contains(o.UnitCode))
            .OrderBy(o => o.UnitCode, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var totals = PlanTotals.Of(objects, tree.Subtree(root).Select(u => Input.Code(u.Code)), tree.SubtreeCodes);
        return plan.ToProto(objects, totals);
    }

    /// Adds a new plan and its event (not saved); the caller validated body, year and reference.
    private async Task<InvestmentPlan> AddPlanAsync(string bodyCode, int year, string decisionReference, long? statedTotal, CancellationToken ct)
    {
        var plan = InvestmentPlan.Create(bodyCode, year, decisionReference, statedTotal, User, Now);
        if (await db.Plans.AnyAsync(p => p.BodyCode == plan.BodyCode && p.Year == year, ct))
            throw PlanExists(plan);
        db.Plans.Add(plan);
        db.Enqueue(new InvestmentPlanCreated(Guid.NewGuid(), Tenant, Now, plan.State()));
        return plan;
    }

    /// Saves a new plan (and what came with it); one created meanwhile by another call is ALREADY_EXISTS, as if seen before.
    private async Task SavePlanAsync(InvestmentPlan plan, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsViolationOf(e, InvestmentsDb.OnePlanPerBodyAndYear))
        {
            throw PlanExists(plan);
        }
    }

    private static AlreadyExistsException PlanExists(InvestmentPlan plan) =>
        new($"{plan.BodyCode} already has an investment plan for {plan.Year}.");
}
