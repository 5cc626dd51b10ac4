using Grpc.Core;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// The read views of a plan with its progress: the tree, the goals with their status, the counts.
public sealed partial class GoalsGrpcService
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public override async Task<Api.PlanTree> GetPlanTree(Api.GetPlanTreeRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        CheckRevision(request.Revision, "revision", v);
        var period = request.Period.ToDomain("period", v, required: false);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(name, context.CancellationToken);
        var revision = request.Revision == 0 ? plan.InForce ?? plan.Latest : plan.Revision(request.Revision);
        var progress = await LoadProgressAsync(plan, context.CancellationToken);
        return progress.Tree(plan, revision, period, period?.LastDay ?? caller.Today);
    }

    public override async Task<Api.ListGoalsResponse> ListGoals(Api.ListGoalsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var period = request.Period.ToDomain("period", v, required: false);
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        var wanted = Mapping.Known<GoalStatus>((int)request.Status, "status", v);
        var kind = Mapping.Known<GoalKind>((int)request.Kind, "kind", v);
        var unit = Input.CheckCode(request.UnitCode, "unit_code", v, required: false) ? Mapping.CodeOrNull(request.UnitCode) : null;
        var area = Input.CheckCode(request.GoalAreaCode, "goal_area_code", v, required: false) ? Mapping.CodeOrNull(request.GoalAreaCode) : null;
        v.Check(wanted is null || period is not null, "period", "Filtering by status needs a period.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(name, ct);
        var content = (plan.InForce ?? plan.Latest).Content;
        var progress = await LoadProgressAsync(plan, ct);
        HashSet<string>? units = null;
        if (unit is not null)
        {
            var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
            if (tree.Find(unit) is null) throw UnknownUnit.Error(unit, tree.Codes);
            units = tree.SubtreeCodes(unit);
        }
        var rows = content.Goals
            .Where(g => units is null || g.ResponsibleUnitCode is { } u && units.Contains(u))
            .Where(g => area is null || string.Equals(g.AreaCode, area, StringComparison.OrdinalIgnoreCase))
            .Where(g => kind is null || g.Kind == kind)
            .Select(g => (Goal: g, Status: period is { } p ? progress.Status(g, p) : null))
            .Where(x => wanted is null || x.Status?.Status == wanted)
            .ToList();
        var response = new Api.ListGoalsResponse { TotalSize = rows.Count, NextPageToken = PageToken.Next(offset, size, rows.Count) };
        response.Goals.AddRange(rows.Skip(offset).Take(size).Select(x => Views.GoalView(content, x.Goal, x.Status)));
        return response;
    }

    public override async Task<Api.StatusCounts> GetStatusCounts(Api.GetStatusCountsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var period = request.Period.ToDomain("period", v);
        var asOf = Mapping.Date(request.AsOf, "as_of", v);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(name, ct);
        var progress = await LoadProgressAsync(plan, ct);
        return progress.Counts((plan.InForce ?? plan.Latest).Content, period!.Value, asOf ?? period.Value.LastDay);
    }
}
