using Grpc.Core;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// Draft edits, one item at a time, each at the etag of the draft the caller read. No events: a draft
/// is not the plan in force (adopting it announces what changed).
public sealed partial class GoalsGrpcService
{
    public override async Task<Api.PlanRevision> UpsertGoal(Api.UpsertGoalRequest request, ServerCallContext context)
    {
        var units = await UnitsAsync(context.CancellationToken);
        return await EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken, (content, v) =>
        {
            var sent = request.Goal ?? new Api.Goal();
            // A goal with a code the draft has keeps its id and version, so it is the same goal changed.
            var existing = content.FindGoal(Input.Code(sent.Code));
            var goal = sent.ToDomain("goal", existing, v);
            PlanContent.ValidateGoal(goal, "goal", content.GoalAreaCodes, units.Contains, content.ActivityCodesBesides(goal.Id), v);
            content.Put(goal).ValidatePlacement(goal, "goal", v, existing);
            return goal;
        }, (c, goal) => c.Put(goal));
    }

    public override Task<Api.PlanRevision> RemoveGoal(Api.RemoveGoalRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken,
            (_, v) => Code(request.GoalCode, "goal_code", v), (c, code) => c.RemoveGoal(code));

    public override Task<Api.PlanRevision> UpsertStrategy(Api.UpsertStrategyRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken, (_, v) =>
        {
            var strategy = (request.Strategy ?? new Api.Strategy()).ToDomain();
            PlanContent.ValidateStrategy(strategy, "strategy", v);
            return strategy;
        }, (c, strategy) => c.Put(strategy));

    public override Task<Api.PlanRevision> RemoveStrategy(Api.RemoveStrategyRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken,
            (_, v) => Code(request.StrategyCode, "strategy_code", v), (c, code) => c.RemoveStrategy(code));

    public override Task<Api.PlanRevision> UpsertGoalArea(Api.UpsertGoalAreaRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken, (content, v) =>
        {
            var area = (request.GoalArea ?? new Api.GoalArea()).ToDomain();
            PlanContent.ValidateGoalArea(area, "goal_area", content.StrategyCodes, v);
            return area;
        }, (c, area) => c.Put(area));

    public override Task<Api.PlanRevision> RemoveGoalArea(Api.RemoveGoalAreaRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken,
            (_, v) => Code(request.GoalAreaCode, "goal_area_code", v), (c, code) => c.RemoveGoalArea(code));

    public override Task<Api.PlanRevision> UpsertIndicator(Api.UpsertIndicatorRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken, (content, v) =>
        {
            var indicator = (request.Indicator ?? new Api.Indicator()).ToDomain();
            PlanContent.ValidateIndicator(indicator, "indicator", content.GoalAreaCodes, v);
            return indicator;
        }, (c, indicator) => c.Put(indicator));

    public override Task<Api.PlanRevision> RemoveIndicator(Api.RemoveIndicatorRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken,
            (_, v) => Code(request.IndicatorCode, "indicator_code", v), (c, code) => c.RemoveIndicator(code));

    /// Edits the plan's draft: INVALID_ARGUMENT for a body or year that is none, FAILED_PRECONDITION when
    /// the latest revision is adopted, ABORTED when it changed since the caller read it, else every
    /// violation at once (a missing etag, the item read against the draft's content); then the change,
    /// which may still refuse (NOT_FOUND, FAILED_PRECONDITION). Nothing the caller sent reaches the
    /// database unchecked: the lookup is by the checked plan name, the item is saved only when valid.
    private async Task<Api.PlanRevision> EditDraftAsync<T>(string body, int year, string etag, CancellationToken ct,
        Func<PlanContent, Violations, T> read, Func<PlanContent, T, PlanContent> change)
    {
        var nameViolations = new Violations();
        var name = PlanName.Check(body, year, nameViolations);
        nameViolations.ThrowIfAny();
        await RequireInScopeAsync(name.BodyCode, ct);
        var revision = (await RequirePlanAsync(name, ct)).Latest;
        revision.EnsureDraft();
        var v = new Violations();
        if (Etag.Check(etag, v, what: $"draft revision {revision.Number}")) Etag.Match(etag, revision.Version, $"revision {revision.Number}");
        var item = read(revision.Content, v);
        v.ThrowIfAny();
        revision.Edit(c => change(c, item));
        await db.SaveChangesAsync(ct);
        return revision.ToProto();
    }
}
