using Grpc.Core;
using Region.Contracts.Events;
using Region.Investments.Domain;
using Region.Investments.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// Import of a published plan table: the plan and all its objects in one call, checked as a whole.
public sealed partial class InvestmentsGrpcService
{
    public override async Task<Api.ImportPlanTableResponse> ImportPlanTable(Api.ImportPlanTableRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        InvestmentPlan.Validate(request.BodyCode, request.Year, request.DecisionReference, code => tree.Find(code) is not null, v);
        var bodyUnits = BodyUnits(tree, request.BodyCode);
        long? statedKsek = request.StatedTotalKsek == 0 ? null : request.StatedTotalKsek;
        var rows = PlanTable.Check(request.Rows.Select(r => r.ToDomain()).ToList(), statedKsek, bodyUnits, v);
        v.ThrowIfAny();

        var plan = await AddPlanAsync(request.BodyCode, request.Year, request.DecisionReference, statedKsek is { } k ? Ksek.ToSek(k) : null, ct);
        var total = rows.Sum(r => r.Amount);
        await EnsureRegionTotalAsync(0, total, ct);
        foreach (var row in rows)
        {
            var o = InvestmentObject.Create(plan, row, plan.StatusOfItsObjects, plan.DecisionReference, User, Now);
            db.Objects.Add(o);
            db.Enqueue(new InvestmentObjectAdded(Guid.NewGuid(), Tenant, Now, o.State()));
        }
        var findings = PlanTable.CheckTotal(plan.StatedTotal, rows) is { } f ? new List<InvestmentTableFinding> { f } : [];
        db.Enqueue(new InvestmentPlanTableImported(Guid.NewGuid(), Tenant, Now, plan.Id, plan.BodyCode, plan.Year, rows.Count, total, findings));
        await SavePlanAsync(plan, ct);
        logger.LogInformation("Investment plan {Body} {Year} imported: {Rows} objects, total {Total}, {Findings} findings",
            plan.BodyCode, plan.Year, rows.Count, total, findings.Count);

        var response = new Api.ImportPlanTableResponse { Plan = plan.ToProto(), Objects = rows.Count, Total = total };
        response.Findings.AddRange(findings.Select(x => x.ToProto()));
        return response;
    }
}
