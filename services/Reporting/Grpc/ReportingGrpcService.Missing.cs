using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Grpc;

/// What is missing for a period, per responsible unit and its owner (issue 20: the reminders' content).
public sealed partial class ReportingGrpcService
{
    public override async Task<Api.ListMissingReportsResponse> ListMissingReports(Api.ListMissingReportsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var period = Input.CheckPeriod(request.Period, "period", v);
        Input.CheckCode(request.UnitCode, "unit_code", v, required: false);
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        var year = period!.Value.Year;
        var token = db.Caller;
        // A limited caller sees its scope; asking for a unit outside it is refused like a change would be.
        var root = Input.NullIfBlank(request.UnitCode) is { } asked ? Input.Code(asked) : UnitScope.IsLimited(token) ? token.UnitScope : null;
        var tree = root is null ? await OrgUnitReplicaTree.LoadAsync(db, ct) : await UnitTreeKnowingAsync(root, ct);
        if (root is not null) UnitScope.RequireWithin(token, root, tree);
        var shown = root is null ? null : tree.SubtreeCodes(root);

        var goals = await db.Goals.AsNoTracking().Where(g => g.Year == year && !g.Removed).ToListAsync(ct);
        var goalIds = goals.Select(g => g.GoalId).ToList();
        var input = new MissingReportsInput(
            goals,
            await db.GoalPeriods.AsNoTracking().Where(p => goalIds.Contains(p.GoalId) && p.Year == year).ToListAsync(ct),
            await db.Activities.AsNoTracking().Where(a => goalIds.Contains(a.GoalId)).ToListAsync(ct),
            await db.Frames.AsNoTracking().Where(f => f.Year == year).ToListAsync(ct),
            await db.Forecasts.AsNoTracking().Where(f => f.Year == year).ToListAsync(ct),
            await db.BudgetOutcomes.AsNoTracking().Where(o => o.Year == year).ToListAsync(ct));
        var items = MissingReports.Find(period.Value, input, caller.Today).Where(i => shown is null || shown.Contains(i.UnitCode));

        var response = new Api.ListMissingReportsResponse { Period = period.Value.ToString() };
        foreach (var unit in items.GroupBy(i => i.UnitCode))
        {
            var replica = tree.Find(unit.Key);
            var entry = new Api.UnitMissingReports { UnitCode = unit.Key, UnitName = replica?.Name ?? "", Owner = ContactOf(replica) };
            entry.Items.AddRange(unit.Select(i => new Api.MissingReport { Kind = (Api.MissingReportKind)(int)i.Kind, Subject = i.Subject, Detail = i.Detail }));
            response.Units.Add(entry);
        }
        return response;
    }

    static Api.UnitContact? ContactOf(OrgUnitReplica? unit) => unit is { OwnerName: { } name, OwnerEmail: { } email }
        ? new Api.UnitContact { Name = name, Email = email, DeputyName = unit.DeputyName ?? "", DeputyEmail = unit.DeputyEmail ?? "" }
        : null;
}
