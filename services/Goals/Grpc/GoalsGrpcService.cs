using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Goals.Data;
using Region.Goals.Domain;
using Region.Goals.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Outbox;
using Api = Region.Goals.V1;
using CommonApi = Region.Common.V1;

namespace Region.Goals.Grpc;

/// region.goals.v1.GoalsService: validates each request as a whole, changes the model and writes
/// the events to the outbox in the same SaveChanges, so a rejected request writes nothing and an
/// accepted one is always announced. Goal and plan events are announced when a revision is adopted
/// (drafts are work in progress, not the plan in force).
public sealed class GoalsGrpcService(GoalsDb db, TimeProvider clock, ILogger<GoalsGrpcService> logger) : Api.GoalsService.GoalsServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private string Tenant => db.Caller.RequiredTenant;
    private string User => db.Caller.User;
    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    // ---------- Plans and revisions ----------

    public override async Task<Api.Plan> CreatePlan(Api.CreatePlanRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var yellow = Mapping.Decimal(request.YellowFromPercent, "yellow_from_percent", v) ?? 0m;
        Plan.ValidateHeader(request.BodyCode, request.Year, request.Name, yellow, v);
        v.ThrowIfAny();
        var plan = await NewPlanAsync(request.BodyCode, request.Year, request.Name, request.CaseNumber, request.DecisionReference, yellow, PlanContent.Empty, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        return plan.ToProto();
    }

    public override async Task<Api.Plan> ImportPlan(Api.ImportPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var yellow = Mapping.Decimal(request.YellowFromPercent, "yellow_from_percent", v) ?? 0m;
        Plan.ValidateHeader(request.BodyCode, request.Year, request.Name, yellow, v);
        var adoptedOn = Mapping.Date(request.AdoptedOn, "adopted_on", v);
        var goals = request.Goals.Select((g, i) => g.ToDomain($"goals[{i}]", null, v)).ToList();
        var content = new PlanContent(
            request.Strategies.Select(s => s.ToDomain()).ToList(),
            request.GoalAreas.Select(a => a.ToDomain()).ToList(),
            goals,
            request.Indicators.Select(i => i.ToDomain()).ToList());
        var units = await UnitsAsync(ct);
        v.AddRange(content.Validate(units.Contains));
        v.ThrowIfAny();

        var plan = await NewPlanAsync(request.BodyCode, request.Year, request.Name, request.CaseNumber, request.DecisionReference, yellow, content, ct);
        if (request.Adopt) Adopt(plan, plan.Latest, adoptedOn ?? Today, previous: null, new PlanFollowUp(plan.Rule, [], [], []));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Plan {Body} {Year} imported with {Goals} goals (adopted: {Adopted})", plan.BodyCode, plan.Year, goals.Count, request.Adopt);
        var response = plan.ToProto();
        response.Findings.AddRange(goals.Select((g, i) => (g, i)).Where(x => x.g.Target.Kind == TargetKind.Unclassified)
            .Select(x => $"goals[{x.i}] ({x.g.Code}): target \"{x.g.Target.Text}\" not typed: {x.g.Target.Problem}"));
        return response;
    }

    private async Task<Plan> NewPlanAsync(string body, int year, string name, string caseNumber, string decision, decimal yellow, PlanContent content, CancellationToken ct)
    {
        if (await db.Plans.AnyAsync(p => p.BodyCode == body && p.Year == year, ct))
            throw new AlreadyExistsException($"Plan {body} {year} already exists.");
        var plan = Plan.Create(body.Trim(), year, name.Trim(), caseNumber.NullIfEmpty(), decision.NullIfEmpty(),
            yellow == 0m ? GoalStatusRule.DefaultYellowFromPercent : yellow, content, User, Now);
        db.Plans.Add(plan);
        db.Enqueue(new PlanCreated(Guid.NewGuid(), Tenant, Now, plan.State(plan.Latest), content.Areas()));
        return plan;
    }

    public override async Task<Api.Plan> GetPlan(Api.GetPlanRequest request, ServerCallContext context) =>
        (await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken)).ToProto();

    public override async Task<Api.ListPlansResponse> ListPlans(Api.ListPlansRequest request, ServerCallContext context)
    {
        var query = db.Plans.Include(p => p.Revisions).AsQueryable();
        if (request.BodyCode.NullIfEmpty() is { } body) query = query.Where(p => p.BodyCode == body);
        if (request.Year != 0) query = query.Where(p => p.Year == request.Year);
        var response = new Api.ListPlansResponse();
        response.Plans.AddRange((await query.OrderBy(p => p.BodyCode).ThenBy(p => p.Year).ToListAsync(context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Api.Plan> AdoptRevision(Api.AdoptRevisionRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var on = Mapping.Date(request.AdoptedOn, "adopted_on", v);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var revision = request.Revision == 0 ? plan.Latest : plan.Revision(request.Revision);
        CheckEtag(request.Etag, revision.Version, $"revision {revision.Number}");
        var previous = plan.InForce;
        Adopt(plan, revision, on ?? Today, previous, await FollowUpAsync(plan, context.CancellationToken));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Plan {Body} {Year} revision {Revision} adopted", plan.BodyCode, plan.Year, revision.Number);
        return plan.ToProto();
    }

    /// Adopts and announces the plan in force: every goal and activity of it, and the ones the revision dropped.
    private void Adopt(Plan plan, PlanRevision revision, DateOnly on, PlanRevision? previous, PlanFollowUp followUp)
    {
        revision.Adopt(on, User);
        plan.Version++;
        var content = revision.Content;
        db.Enqueue(new PlanAdopted(Guid.NewGuid(), Tenant, Now, plan.State(revision), content.Areas()));
        var before = previous?.Content ?? PlanContent.Empty;
        foreach (var goal in content.Goals)
        {
            var was = before.Goals.FirstOrDefault(g => g.Id == goal.Id);
            db.Enqueue(was is null
                ? new GoalCreated(Guid.NewGuid(), Tenant, Now, plan.State(revision, goal))
                : (IIntegrationEvent)new GoalChanged(Guid.NewGuid(), Tenant, Now, plan.State(revision, goal)));
            foreach (var activity in goal.Activities)
            {
                var existed = was?.Activities.Any(a => a.Id == activity.Id) == true;
                var state = plan.State(goal, activity, followUp);
                db.Enqueue(existed ? new ActivityStatusChanged(Guid.NewGuid(), Tenant, Now, state) : (IIntegrationEvent)new ActivityCreated(Guid.NewGuid(), Tenant, Now, state));
            }
            foreach (var dropped in was?.Activities.Where(a => goal.Activities.All(x => x.Id != a.Id)) ?? [])
                db.Enqueue(new ActivityStatusChanged(Guid.NewGuid(), Tenant, Now, plan.State(goal, dropped with { Version = dropped.Version + 1 }, followUp, removed: true)));
        }
        foreach (var dropped in before.Goals.Where(g => content.Goals.All(x => x.Id != g.Id)))
            db.Enqueue(new GoalChanged(Guid.NewGuid(), Tenant, Now, plan.State(revision, dropped with { Version = dropped.Version + 1 }, removed: true)));
    }

    public override async Task<Api.Plan> StartRevision(Api.StartRevisionRequest request, ServerCallContext context)
    {
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var from = plan.Latest.Number;
        var revision = plan.StartRevision(request.Note.NullIfEmpty(), User, Now);
        db.Revisions.Add(revision);
        db.Enqueue(new PlanRevised(Guid.NewGuid(), Tenant, Now, plan.State(revision), from, revision.Content.Areas()));
        await db.SaveChangesAsync(context.CancellationToken);
        return plan.ToProto();
    }

    public override async Task<Api.DiffRevisionsResponse> DiffRevisions(Api.DiffRevisionsRequest request, ServerCallContext context)
    {
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var to = request.ToRevision == 0 ? plan.Latest : plan.Revision(request.ToRevision);
        var from = request.FromRevision == 0 ? plan.Revision(Math.Max(1, to.Number - 1)) : plan.Revision(request.FromRevision);
        var response = new Api.DiffRevisionsResponse();
        foreach (var change in RevisionDiff.Between(from.Content, to.Content))
        {
            var c = new Api.RevisionChange { Entity = change.Entity, Code = change.Code, Name = change.Name, Kind = change.Kind.ToProto() };
            c.Fields.AddRange(change.Fields.Select(f => new Api.FieldChange { Field = f.Field, Before = f.Before ?? "", After = f.After ?? "" }));
            response.Changes.Add(c);
        }
        return response;
    }

    // ---------- Draft edits: one item at a time; no events, since a draft is not the plan in force ----------

    public override async Task<Api.PlanRevision> UpsertGoal(Api.UpsertGoalRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var revision = await DraftAsync(request.BodyCode, request.Year, request.Etag, ct);
        var v = new Violations();
        var existing = revision.Content.FindGoal(request.Goal?.Code ?? "");
        var goal = (request.Goal ?? new Api.Goal()).ToDomain("goal", existing, v);
        var units = await UnitsAsync(ct);
        PlanContent.ValidateGoal(goal, "goal", revision.Content.GoalAreaCodes, units.Contains, v);
        for (var j = 0; j < goal.Activities.Count; j++) PlanContent.ValidateActivity(goal.Activities[j], $"goal.activities[{j}]", v);
        v.ThrowIfAny();
        return await EditAsync(revision, c => c with
        {
            Goals = existing is null
                ? [.. c.Goals, goal]
                : c.Goals.Select(g => g.Id == existing.Id ? goal with { Version = existing.Version + 1 } : g).ToList(),
        }, ct);
    }

    public override async Task<Api.PlanRevision> RemoveGoal(Api.RemoveGoalRequest request, ServerCallContext context)
    {
        var revision = await DraftAsync(request.BodyCode, request.Year, request.Etag, context.CancellationToken);
        var goal = revision.Content.FindGoal(request.GoalCode) ?? throw new NotFoundException($"Revision {revision.Number} has no goal '{request.GoalCode}'.");
        return await EditAsync(revision, c => c with { Goals = c.Goals.Where(g => g.Id != goal.Id).ToList() }, context.CancellationToken);
    }

    public override Task<Api.PlanRevision> UpsertStrategy(Api.UpsertStrategyRequest request, ServerCallContext context)
    {
        var strategy = (request.Strategy ?? new Api.Strategy()).ToDomain();
        return EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.Put(strategy), context.CancellationToken,
            (_, v) => PlanContent.ValidateStrategy(strategy, "strategy", v));
    }

    public override Task<Api.PlanRevision> RemoveStrategy(Api.RemoveStrategyRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.RemoveStrategy(request.StrategyCode), context.CancellationToken);

    public override Task<Api.PlanRevision> UpsertGoalArea(Api.UpsertGoalAreaRequest request, ServerCallContext context)
    {
        var area = (request.GoalArea ?? new Api.GoalArea()).ToDomain();
        return EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.Put(area), context.CancellationToken,
            (c, v) => PlanContent.ValidateGoalArea(area, "goal_area", c.StrategyCodes, v));
    }

    public override Task<Api.PlanRevision> RemoveGoalArea(Api.RemoveGoalAreaRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.RemoveGoalArea(request.GoalAreaCode), context.CancellationToken);

    public override Task<Api.PlanRevision> UpsertIndicator(Api.UpsertIndicatorRequest request, ServerCallContext context)
    {
        var indicator = (request.Indicator ?? new Api.Indicator()).ToDomain();
        return EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.Put(indicator), context.CancellationToken,
            (c, v) => PlanContent.ValidateIndicator(indicator, "indicator", c.GoalAreaCodes, v));
    }

    public override Task<Api.PlanRevision> RemoveIndicator(Api.RemoveIndicatorRequest request, ServerCallContext context) =>
        EditDraftAsync(request.BodyCode, request.Year, request.Etag, c => c.RemoveIndicator(request.IndicatorCode), context.CancellationToken);

    /// Edits the draft at this etag; validate names every violation of the item against the draft's content first.
    private async Task<Api.PlanRevision> EditDraftAsync(string body, int year, string etag, Func<PlanContent, PlanContent> change,
        CancellationToken ct, Action<PlanContent, Violations>? validate = null)
    {
        var revision = await DraftAsync(body, year, etag, ct);
        var v = new Violations();
        validate?.Invoke(revision.Content, v);
        v.ThrowIfAny();
        return await EditAsync(revision, change, ct);
    }

    /// The plan's latest revision, which must be a draft read at this etag (an empty etag skips the check).
    private async Task<PlanRevision> DraftAsync(string body, int year, string etag, CancellationToken ct)
    {
        var revision = (await RequirePlanAsync(body, year, ct)).Latest;
        revision.EnsureDraft();
        CheckEtag(etag, revision.Version, $"revision {revision.Number}");
        return revision;
    }

    private async Task<Api.PlanRevision> EditAsync(PlanRevision revision, Func<PlanContent, PlanContent> change, CancellationToken ct)
    {
        revision.Edit(change);
        await db.SaveChangesAsync(ct);
        return revision.ToProto();
    }

    public override async Task<Api.PlanTree> GetPlanTree(Api.GetPlanTreeRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var period = request.Period.ToDomain("period", v, required: false);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var revision = request.Revision == 0 ? plan.InForce ?? plan.Latest : plan.Revision(request.Revision);
        var followUp = await FollowUpAsync(plan, context.CancellationToken);
        var content = revision.Content;
        var date = period?.LastDay ?? Today;
        var tree = new Api.PlanTree { Plan = plan.ToProto(), Revision = revision.Number };
        Api.GoalAreaNode AreaNode(GoalArea area)
        {
            var node = new Api.GoalAreaNode { Area = area.ToProto() };
            node.Goals.AddRange(content.Goals.Where(g => g.AreaCode == area.Code).Select(g =>
            {
                var goalNode = new Api.GoalNode { Goal = g.ToProto(), Status = (period is { } p ? followUp.Status(g, p).Status : GoalStatus.NotMeasurable).ToProto() };
                goalNode.Activities.AddRange(g.Activities.Select(a => ActivityView(g, a, followUp, date)));
                return goalNode;
            }));
            return node;
        }
        foreach (var strategy in content.Strategies)
        {
            var node = new Api.StrategyNode { Strategy = strategy.ToProto() };
            node.Areas.AddRange(content.GoalAreas.Where(a => a.StrategyCode == strategy.Code).Select(AreaNode));
            tree.Strategies.Add(node);
        }
        var loose = content.GoalAreas.Where(a => a.StrategyCode is null || content.Strategies.All(s => s.Code != a.StrategyCode)).ToList();
        if (loose.Count > 0)
        {
            var node = new Api.StrategyNode { Strategy = new Api.Strategy() };
            node.Areas.AddRange(loose.Select(AreaNode));
            tree.Strategies.Add(node);
        }
        tree.Indicators.AddRange(content.Indicators.Select(i => i.ToProto()));
        return tree;
    }

    // ---------- Follow-up ----------

    public override async Task<Api.GoalFollowUp> RecordOutcome(Api.RecordOutcomeRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var period = request.Period.ToDomain("period", v);
        var (total, women, men) = Values(request.Outcome, "outcome", v);
        v.Check(total is not null || women is not null || men is not null, "outcome.total", "An outcome needs at least one value.");
        v.ThrowIfAny();
        var (plan, goal) = await RequireGoalAsync(request.BodyCode, request.Year, request.GoalCode, ct);
        var followUp = await FollowUpAsync(plan, ct);
        var current = followUp.Outcome(goal.Id, period!.Value);
        CheckEtag(request.Etag, current?.Version ?? 0, $"the {period} outcome of {goal.Code}");
        var outcome = new GoalOutcome
        {
            PlanId = plan.Id, GoalId = goal.Id, Year = period.Value.Year, PeriodKind = period.Value.Kind, PeriodNumber = period.Value.Number,
            Total = total ?? (women + men), Women = women, Men = men, Source = request.Source.NullIfEmpty(), Comment = request.Comment.NullIfEmpty(),
            RecordedBy = User, RecordedAt = Now, Version = (current?.Version ?? 0) + 1,
        };
        db.Outcomes.Add(outcome);
        followUp = await FollowUpAsync(plan, ct, extraOutcome: outcome);
        var status = followUp.Status(goal, period.Value);
        db.Enqueue(outcome.Recorded(Tenant, Now));
        db.Enqueue(status.Assessed(plan, goal, period.Value, Tenant, Now));
        await SaveFollowUpAsync($"the {period} outcome of {goal.Code}", ct);
        return await FollowUpViewAsync(plan, goal, period.Value, ct);
    }

    public override async Task<Api.GoalFollowUp> AssessGoal(Api.AssessGoalRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var period = request.Period.ToDomain("period", v);
        var status = request.Status.ToDomain();
        v.Check(status is not null, "status", "A status (green, yellow, red or not measurable) is required.");
        v.Check(!string.IsNullOrWhiteSpace(request.Analysis), "analysis", "An assessment needs its analysis: why, and what is done about it.");
        v.Check(request.Analysis.Length <= 4000, "analysis", "At most 4000 characters.");
        v.ThrowIfAny();
        var (plan, goal) = await RequireGoalAsync(request.BodyCode, request.Year, request.GoalCode, ct);
        var followUp = await FollowUpAsync(plan, ct);
        var current = followUp.Assessment(goal.Id, period!.Value);
        CheckEtag(request.Etag, current?.Version ?? 0, $"the {period} assessment of {goal.Code}");
        var assessment = new GoalAssessment
        {
            PlanId = plan.Id, GoalId = goal.Id, Year = period.Value.Year, PeriodKind = period.Value.Kind, PeriodNumber = period.Value.Number,
            Status = status!.Value, Analysis = request.Analysis.Trim(), AssessedBy = User, AssessedAt = Now, Version = (current?.Version ?? 0) + 1,
        };
        db.Assessments.Add(assessment);
        followUp = await FollowUpAsync(plan, ct, extraAssessment: assessment);
        db.Enqueue(followUp.Status(goal, period.Value).Assessed(plan, goal, period.Value, Tenant, Now));
        await SaveFollowUpAsync($"the {period} assessment of {goal.Code}", ct);
        logger.LogInformation("Goal {Goal} assessed {Status} for {Period}", goal.Code, status, period);
        return await FollowUpViewAsync(plan, goal, period.Value, ct);
    }

    public override async Task<Api.GoalFollowUp> GetGoalFollowUp(Api.GetGoalFollowUpRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var period = request.Period.ToDomain("period", v);
        v.ThrowIfAny();
        var (plan, goal) = await RequireGoalAsync(request.BodyCode, request.Year, request.GoalCode, context.CancellationToken);
        return await FollowUpViewAsync(plan, goal, period!.Value, context.CancellationToken);
    }

    public override async Task<Api.ActivityView> SetActivityStatus(Api.SetActivityStatusRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var status = request.Status.ToDomain();
        var v = new Violations();
        v.Check(status is not null, "status", "A status (planned, ongoing, delayed, done or cancelled) is required.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var content = (plan.InForce ?? throw new FailedPreconditionException($"Plan {plan.BodyCode} {plan.Year} has no adopted revision to follow up.")).Content;
        var (goal, activity) = content.Activities.FirstOrDefault(x => string.Equals(x.Activity.Code, request.ActivityCode, StringComparison.OrdinalIgnoreCase));
        if (activity is null) throw new NotFoundException($"Plan {plan.BodyCode} {plan.Year} has no activity '{request.ActivityCode}'.");
        var followUp = await FollowUpAsync(plan, ct);
        var version = followUp.ActivityChanges(activity.Id);
        CheckEtag(request.Etag, version, $"the status of activity {activity.Code}");
        var change = new ActivityStatusChange
        {
            PlanId = plan.Id, ActivityId = activity.Id, Status = status!.Value, Comment = request.Comment.NullIfEmpty(), ChangedBy = User, ChangedAt = Now, Version = version + 1,
        };
        db.ActivityStatuses.Add(change);
        followUp = await FollowUpAsync(plan, ct, extraActivity: change);
        db.Enqueue(new ActivityStatusChanged(Guid.NewGuid(), Tenant, Now, plan.State(goal, activity, followUp)));
        await SaveFollowUpAsync($"the status of activity {activity.Code}", ct);
        return ActivityView(goal, activity, followUp, Today);
    }

    public override async Task<Api.IndicatorOutcome> RecordIndicatorOutcome(Api.RecordIndicatorOutcomeRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var period = request.Period.ToDomain("period", v);
        var (total, women, men) = Values(request.Outcome, "outcome", v);
        v.Check(total is not null || women is not null || men is not null, "outcome.total", "An outcome needs at least one value.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var content = (plan.InForce ?? plan.Latest).Content;
        var indicator = content.Indicators.FirstOrDefault(i => string.Equals(i.Code, request.IndicatorCode, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"Plan {plan.BodyCode} {plan.Year} has no indicator '{request.IndicatorCode}'.");
        var p = period!.Value;
        var version = await db.IndicatorOutcomes.CountAsync(o => o.IndicatorId == indicator.Id && o.Year == p.Year && o.PeriodKind == p.Kind && o.PeriodNumber == p.Number, ct);
        var outcome = new IndicatorOutcome
        {
            PlanId = plan.Id, IndicatorId = indicator.Id, Year = p.Year, PeriodKind = p.Kind, PeriodNumber = p.Number,
            Total = total ?? (women + men), Women = women, Men = men, Source = request.Source.NullIfEmpty(), Comment = request.Comment.NullIfEmpty(),
            RecordedBy = User, RecordedAt = Now, Version = version + 1,
        };
        db.IndicatorOutcomes.Add(outcome);
        db.Enqueue(outcome.Recorded(indicator, Tenant, Now));
        await SaveFollowUpAsync($"the {p} outcome of indicator {indicator.Code}", ct);
        return new Api.IndicatorOutcome { Indicator = indicator.ToProto(), Period = p.ToProto(), Outcome = outcome.ToProto() };
    }

    // ---------- Queries ----------

    public override async Task<Api.ListGoalsResponse> ListGoals(Api.ListGoalsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var period = request.Period.ToDomain("period", v, required: false);
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        var wanted = request.Status.ToDomain();
        v.Check(wanted is null || period is not null, "period", "Filtering by status needs a period.");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var content = (plan.InForce ?? plan.Latest).Content;
        var followUp = await FollowUpAsync(plan, ct);
        HashSet<string>? units = null;
        if (request.UnitCode.NullIfEmpty() is { } unit)
        {
            var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
            if (tree.Find(unit) is null) throw new NotFoundException($"No org unit '{unit}' is known.");
            units = tree.SubtreeCodes(unit);
        }
        var kind = request.Kind.ToDomain();
        var rows = content.Goals
            .Where(g => units is null || g.ResponsibleUnitCode is { } u && units.Contains(u))
            .Where(g => request.GoalAreaCode.NullIfEmpty() is not { } area || string.Equals(g.AreaCode, area, StringComparison.OrdinalIgnoreCase))
            .Where(g => kind is null || g.Kind == kind)
            .Select(g => (Goal: g, Status: period is { } p ? followUp.Status(g, p) : null))
            .Where(x => wanted is null || x.Status?.Status == wanted)
            .ToList();
        var response = new Api.ListGoalsResponse { TotalSize = rows.Count, NextPageToken = PageToken.Next(offset, size, rows.Count) };
        response.Goals.AddRange(rows.Skip(offset).Take(size).Select(x => new Api.GoalView
        {
            Goal = x.Goal.ToProto(),
            GoalAreaName = content.GoalAreas.FirstOrDefault(a => a.Code == x.Goal.AreaCode)?.Name ?? "",
            Status = (x.Status?.Status ?? GoalStatus.NotMeasurable).ToProto(),
            Manual = x.Status?.Manual ?? false,
            Outcome = x.Status?.Outcome is { } o ? Mapping.Values(o.Total, o.Women, o.Men) : new Api.OutcomeValues(),
            Analysis = x.Status?.Assessment?.Analysis ?? "",
        }));
        return response;
    }

    public override async Task<Api.StatusCounts> GetStatusCounts(Api.GetStatusCountsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var period = request.Period.ToDomain("period", v);
        var asOf = Mapping.Date(request.AsOf, "as_of", v);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var content = (plan.InForce ?? plan.Latest).Content;
        var followUp = await FollowUpAsync(plan, ct);
        Api.Counts Count(GoalKind kind)
        {
            var statuses = content.Goals.Where(g => g.Kind == kind).Select(g => followUp.Status(g, period!.Value).Status).ToList();
            return new Api.Counts
            {
                Green = statuses.Count(s => s == GoalStatus.Green), Yellow = statuses.Count(s => s == GoalStatus.Yellow),
                Red = statuses.Count(s => s == GoalStatus.Red), NotMeasurable = statuses.Count(s => s == GoalStatus.NotMeasurable), Total = statuses.Count,
            };
        }
        var date = asOf ?? period!.Value.LastDay;
        var activities = content.Activities.Select(x => followUp.ActivityStatusOn(x.Activity, date)).ToList();
        return new Api.StatusCounts
        {
            Period = period!.Value.ToProto(),
            Goals = Count(GoalKind.Goal),
            Assignments = Count(GoalKind.Assignment),
            Activities = new Api.ActivityCounts
            {
                Planned = activities.Count(s => s == ActivityStatus.Planned), Ongoing = activities.Count(s => s == ActivityStatus.Ongoing),
                Delayed = activities.Count(s => s == ActivityStatus.Delayed), Done = activities.Count(s => s == ActivityStatus.Done),
                Cancelled = activities.Count(s => s == ActivityStatus.Cancelled),
            },
        };
    }

    public override async Task<CommonApi.AnnounceSnapshotResponse> AnnounceSnapshot(CommonApi.AnnounceSnapshotRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var count = 0;
        void Enqueue(IIntegrationEvent e)
        {
            db.Enqueue(e);
            count++;
        }
        foreach (var plan in await db.Plans.Include(p => p.Revisions).ToListAsync(ct))
        {
            if (plan.InForce is not { } revision)
            {
                Enqueue(new PlanCreated(Guid.NewGuid(), Tenant, Now, plan.State(plan.Latest), plan.Latest.Content.Areas()));
                continue;
            }
            var content = revision.Content;
            Enqueue(new PlanAdopted(Guid.NewGuid(), Tenant, Now, plan.State(revision), content.Areas()));
            var followUp = await FollowUpAsync(plan, ct);
            foreach (var goal in content.Goals)
            {
                Enqueue(new GoalCreated(Guid.NewGuid(), Tenant, Now, plan.State(revision, goal)));
                foreach (var activity in goal.Activities)
                    Enqueue(new ActivityCreated(Guid.NewGuid(), Tenant, Now, plan.State(goal, activity, followUp)));
            }
            foreach (var (goalId, period) in followUp.GoalPeriods)
            {
                if (content.Goals.FirstOrDefault(g => g.Id == goalId) is not { } goal) continue;
                var status = followUp.Status(goal, period);
                if (status.Outcome is { } outcome) Enqueue(outcome.Recorded(Tenant, Now));
                Enqueue(status.Assessed(plan, goal, period, Tenant, Now));
            }
            var indicatorOutcomes = await db.IndicatorOutcomes.Where(o => o.PlanId == plan.Id).ToListAsync(ct);
            foreach (var latest in indicatorOutcomes.GroupBy(o => (o.IndicatorId, o.Period)).Select(g => g.MaxBy(o => o.Version)!))
                if (content.Indicators.FirstOrDefault(i => i.Id == latest.IndicatorId) is { } indicator)
                    Enqueue(latest.Recorded(indicator, Tenant, Now));
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot of tenant {Tenant} announced: {Events} events", Tenant, count);
        return new CommonApi.AnnounceSnapshotResponse { Events = count };
    }

    // ---------- Helpers ----------

    private async Task<Api.GoalFollowUp> FollowUpViewAsync(Plan plan, Goal goal, Period period, CancellationToken ct)
    {
        var outcomes = await db.Outcomes.Where(o => o.GoalId == goal.Id && o.Year == period.Year && o.PeriodKind == period.Kind && o.PeriodNumber == period.Number)
            .OrderByDescending(o => o.Version).ToListAsync(ct);
        var assessments = await db.Assessments.Where(a => a.GoalId == goal.Id && a.Year == period.Year && a.PeriodKind == period.Kind && a.PeriodNumber == period.Number)
            .OrderByDescending(a => a.Version).ToListAsync(ct);
        var status = (await FollowUpAsync(plan, ct)).Status(goal, period);
        var view = new Api.GoalFollowUp
        {
            Goal = goal.ToProto(), Period = period.ToProto(), Status = status.Status.ToProto(), ComputedStatus = status.Computed.ToProto(), Manual = status.Manual,
            Outcome = status.Outcome?.ToProto(), Assessment = status.Assessment?.ToProto(),
            OutcomeEtag = (status.Outcome?.Version ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AssessmentEtag = (status.Assessment?.Version ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        view.OutcomeHistory.AddRange(outcomes.Select(o => o.ToProto()));
        view.AssessmentHistory.AddRange(assessments.Select(a => a.ToProto()));
        return view;
    }

    private static Api.ActivityView ActivityView(Goal goal, Activity activity, PlanFollowUp followUp, DateOnly date)
    {
        var last = followUp.LastActivityChange(activity.Id);
        return new Api.ActivityView
        {
            Activity = activity.ToProto(), GoalCode = goal.Code, RecordedStatus = followUp.RecordedStatus(activity.Id).ToProto(),
            Status = followUp.ActivityStatusOn(activity, date).ToProto(), Comment = last?.Comment ?? "",
            Etag = followUp.ActivityChanges(activity.Id).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// The follow-up of a plan, including rows added in this call but not saved yet.
    private async Task<PlanFollowUp> FollowUpAsync(Plan plan, CancellationToken ct, GoalOutcome? extraOutcome = null,
        GoalAssessment? extraAssessment = null, ActivityStatusChange? extraActivity = null)
    {
        var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct);
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct);
        var activities = await db.ActivityStatuses.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct);
        if (extraOutcome is not null) outcomes.Add(extraOutcome);
        if (extraAssessment is not null) assessments.Add(extraAssessment);
        if (extraActivity is not null) activities.Add(extraActivity);
        return new PlanFollowUp(plan.Rule, outcomes, assessments, activities);
    }

    /// Two callers recording the same version at once: the unique index lets one through, the other is told to re-read.
    private async Task SaveFollowUpAsync(string what, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConcurrencyConflictException($"{char.ToUpperInvariant(what[0])}{what[1..]} was changed by someone else meanwhile; read it again.");
        }
    }

    private async Task<Plan> RequirePlanAsync(string body, int year, CancellationToken ct)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(body), "body_code", "The body (e.g. RS) is required.");
        v.Check(Period.IsValidYear(year), "year", "A year between 2000 and 2100.");
        v.ThrowIfAny();
        return await db.Plans.Include(p => p.Revisions).SingleOrDefaultAsync(p => p.BodyCode == body && p.Year == year, ct)
            ?? throw new NotFoundException($"There is no plan {body} {year}.");
    }

    /// Follow-up is recorded against the plan in force.
    private async Task<(Plan, Goal)> RequireGoalAsync(string body, int year, string code, CancellationToken ct)
    {
        var plan = await RequirePlanAsync(body, year, ct);
        var revision = plan.InForce ?? throw new FailedPreconditionException($"Plan {body} {year} has no adopted revision to follow up.");
        var goal = revision.Content.FindGoal(code) ?? throw new NotFoundException($"Plan {body} {year} has no goal '{code}'.");
        return (plan, goal);
    }

    private async Task<HashSet<string>> UnitsAsync(CancellationToken ct) =>
        (await db.OrgUnits.AsNoTracking().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static (decimal? Total, decimal? Women, decimal? Men) Values(Api.OutcomeValues? values, string field, Violations v) =>
        values is null ? (null, null, null) : (
            Mapping.Decimal(values.Total, $"{field}.total", v),
            Mapping.Decimal(values.Women, $"{field}.women", v),
            Mapping.Decimal(values.Men, $"{field}.men", v));

    private static void CheckEtag(string etag, int version, string what)
    {
        if (string.IsNullOrEmpty(etag)) return;
        if (etag != version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new ConcurrencyConflictException($"{char.ToUpperInvariant(what[0])}{what[1..]} has changed since you read it (etag {etag}, now {version}); read it again.");
    }
}
