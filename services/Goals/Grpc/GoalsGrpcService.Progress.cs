using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Goals.Domain;
using Region.Goals.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// The recorded progress of the plan in force: goal outcomes and assessments (a goal's follow-up for a
/// period), activity statuses and indicator outcomes. A write loads the plan's progress once, adds its
/// row to it, and computes the status, the event and the response from that, before saving.
public sealed partial class GoalsGrpcService
{
    /// What a caller sends as the etag of what is not recorded yet.
    private const string NothingYet = "\"0\" when nothing is recorded yet";

    public override async Task<Api.GoalFollowUp> RecordOutcome(Api.RecordOutcomeRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var code = Code(request.GoalCode, "goal_code", v);
        var period = request.Period.ToDomain("period", v);
        var figures = request.Outcome.ToDomain("outcome", v, perScope: request.Scopes.Count > 0);
        var sentScopes = request.Scopes.ToDomain("scopes", v);
        var forecast = Mapping.Decimal(request.FullYearForecast, "full_year_forecast", v);
        // The year's own outcome is the full year: a forecast of it has nothing left to foresee.
        v.Check(forecast is null || period is not { Kind: PeriodKind.Year }, "full_year_forecast", "A full-year forecast goes with an outcome of a tertial or month, not of the whole year.");
        CheckSourceAndComment(request.Source, request.Comment, v);
        Etag.Check(request.Etag, v, what: $"the period's outcome ({NothingYet})");
        v.ThrowIfAny();
        var p = period!.Value;
        var (plan, goal) = await RequireGoalAsync(name, code, ct);
        // Whether the scopes fit is a question of the goal's target, known only now; still nothing is written.
        var scopes = ScopeOutcomes.Check(goal.Target.ToTarget(), sentScopes, "scopes", v);
        v.ThrowIfAny();
        await RequireInScopeAsync(UnitOf(plan, goal), ct);
        var progress = await LoadProgressAsync(plan, ct);
        var what = $"the {p} outcome of {goal.Code}";
        Etag.Match(request.Etag, progress.OutcomeVersion(goal.Id, p), what);
        var outcome = progress.RecordOutcome(goal, p, figures, Input.NullIfBlank(request.Source), Input.NullIfBlank(request.Comment), caller.User, caller.Now,
            request.Invented, forecast, scopes);
        db.Outcomes.Add(outcome);
        var status = progress.Status(goal, p);
        db.Enqueue(outcome.Recorded(status, caller.Tenant, caller.Now));
        db.Enqueue(status.Assessed(plan, goal, p, caller.Tenant, caller.Now));
        await SaveRecordingAsync(what, ct);
        return progress.FollowUp(goal, p);
    }

    public override async Task<Api.GoalFollowUp> AssessGoal(Api.AssessGoalRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var code = Code(request.GoalCode, "goal_code", v);
        var period = request.Period.ToDomain("period", v);
        var status = Mapping.Known<GoalStatus>((int)request.Status, "status", v, "A status (green, yellow, red or not measurable) is required.");
        GoalAssessment.Validate(request.Analysis, v);
        Etag.Check(request.Etag, v, what: $"the period's assessment ({NothingYet})");
        v.ThrowIfAny();
        var p = period!.Value;
        var (plan, goal) = await RequireGoalAsync(name, code, ct);
        await RequireInScopeAsync(UnitOf(plan, goal), ct);
        var progress = await LoadProgressAsync(plan, ct);
        var what = $"the {p} assessment of {goal.Code}";
        Etag.Match(request.Etag, progress.AssessmentVersion(goal.Id, p), what);
        db.Assessments.Add(progress.Assess(goal, p, status!.Value, request.Analysis.Trim(), caller.User, caller.Now));
        db.Enqueue(progress.Status(goal, p).Assessed(plan, goal, p, caller.Tenant, caller.Now));
        await SaveRecordingAsync(what, ct);
        logger.LogInformation("Goal {Goal} assessed {Status} for {Period}", goal.Code, status, p);
        return progress.FollowUp(goal, p);
    }

    public override async Task<Api.GoalFollowUp> GetGoalFollowUp(Api.GetGoalFollowUpRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var code = Code(request.GoalCode, "goal_code", v);
        var period = request.Period.ToDomain("period", v);
        v.ThrowIfAny();
        var (plan, goal) = await RequireGoalAsync(name, code, context.CancellationToken);
        return (await LoadProgressAsync(plan, context.CancellationToken)).FollowUp(goal, period!.Value);
    }

    public override async Task<Api.ActivityView> SetActivityStatus(Api.SetActivityStatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var code = Code(request.ActivityCode, "activity_code", v);
        var status = Mapping.Known<ActivityStatus>((int)request.Status, "status", v, "A status (planned, ongoing, delayed, done or cancelled) is required.");
        Input.CheckText(request.Comment, "comment", ActivityStatusChange.MaxCommentLength, v, multiLine: true);
        Etag.Check(request.Etag, v, what: $"the activity's status ({NothingYet})");
        v.ThrowIfAny();
        var plan = await ReadPlanAsync(name, ct);
        var (goal, activity) = InForce(plan).Content.Activities.FirstOrDefault(x => string.Equals(x.Activity.Code, code, StringComparison.OrdinalIgnoreCase));
        if (activity is null) throw new NotFoundException($"Plan {name} has no activity {Input.Quote(code)}.");
        await RequireInScopeAsync(UnitOf(plan, goal), ct);
        var progress = await LoadProgressAsync(plan, ct);
        var what = $"the status of activity {activity.Code}";
        Etag.Match(request.Etag, progress.ActivityChanges(activity.Id), what);
        db.ActivityStatuses.Add(progress.ChangeActivityStatus(activity, status!.Value, Input.NullIfBlank(request.Comment), caller.User, caller.Now));
        db.Enqueue(new ActivityStatusChanged(Guid.NewGuid(), caller.Tenant, caller.Now, plan.State(goal, activity, progress)));
        await SaveRecordingAsync(what, ct);
        return progress.ActivityView(goal, activity, caller.Today);
    }

    /// No etag here (the request has none): two recordings of the same version still meet the unique index.
    public override async Task<Api.IndicatorOutcome> RecordIndicatorOutcome(Api.RecordIndicatorOutcomeRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var code = Code(request.IndicatorCode, "indicator_code", v);
        var period = request.Period.ToDomain("period", v);
        var figures = request.Outcome.ToDomain("outcome", v);
        CheckSourceAndComment(request.Source, request.Comment, v);
        v.ThrowIfAny();
        var p = period!.Value;
        var plan = await ReadPlanAsync(name, ct);
        var indicator = (plan.InForce ?? plan.Latest).Content.FindIndicator(code)
            ?? throw new NotFoundException($"Plan {name} has no indicator {Input.Quote(code)}.");
        await RequireInScopeAsync(plan.BodyCode, ct);
        var recorded = await db.IndicatorOutcomes.CountAsync(o => o.IndicatorId == indicator.Id && o.Year == p.Year && o.PeriodKind == p.Kind && o.PeriodNumber == p.Number, ct);
        var outcome = IndicatorOutcome.Next(plan.Id, indicator, p, recorded, figures, Input.NullIfBlank(request.Source), Input.NullIfBlank(request.Comment), caller.User, caller.Now);
        db.IndicatorOutcomes.Add(outcome);
        db.Enqueue(outcome.Recorded(indicator, caller.Tenant, caller.Now));
        await SaveRecordingAsync($"the {p} outcome of indicator {indicator.Code}", ct);
        return new Api.IndicatorOutcome { Indicator = indicator.ToProto(), Period = p.ToProto(), Outcome = outcome.ToProto() };
    }

    /// Where an outcome (of a goal or an indicator) comes from, and a comment: within their columns.
    private static void CheckSourceAndComment(string source, string comment, Violations v)
    {
        Input.CheckText(source, "source", RecordedOutcome.MaxSourceLength, v);
        Input.CheckText(comment, "comment", RecordedOutcome.MaxCommentLength, v, multiLine: true);
    }
}
