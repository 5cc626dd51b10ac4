using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Goals.Domain;
using Region.Goals.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// Plans and revisions: create, import, read, adopt, start a revision, compare two revisions.
public sealed partial class GoalsGrpcService
{
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
        if (request.Adopt) Adopt(plan, plan.Latest, adoptedOn ?? caller.Today, PlanProgress.None(plan));
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
        var plan = Plan.Create(body.Trim(), year, name.Trim(), Input.NullIfBlank(caseNumber), Input.NullIfBlank(decision),
            yellow == 0m ? GoalStatusRule.DefaultYellowFromPercent : yellow, content, caller.User, caller.Now);
        db.Plans.Add(plan);
        db.Enqueue(new PlanCreated(Guid.NewGuid(), caller.Tenant, caller.Now, plan.State(plan.Latest), content.Areas()));
        return plan;
    }

    public override async Task<Api.Plan> GetPlan(Api.GetPlanRequest request, ServerCallContext context) =>
        (await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken)).ToProto();

    public override async Task<Api.ListPlansResponse> ListPlans(Api.ListPlansRequest request, ServerCallContext context)
    {
        var query = db.Plans.Include(p => p.Revisions).AsQueryable();
        if (Input.NullIfBlank(request.BodyCode) is { } body) query = query.Where(p => p.BodyCode == body);
        if (request.Year != 0) query = query.Where(p => p.Year == request.Year);
        var response = new Api.ListPlansResponse();
        response.Plans.AddRange((await query.OrderBy(p => p.BodyCode).ThenBy(p => p.Year).ToListAsync(context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Api.Plan> AdoptRevision(Api.AdoptRevisionRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var on = Mapping.Date(request.AdoptedOn, "adopted_on", v);
        Etag.CheckPresent(request.Etag, v, what: "the revision to adopt");
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, ct);
        var revision = request.Revision == 0 ? plan.Latest : plan.Revision(request.Revision);
        Etag.Match(request.Etag, revision.Version, $"revision {revision.Number}");
        Adopt(plan, revision, on ?? caller.Today, await LoadProgressAsync(plan, ct));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Plan {Body} {Year} revision {Revision} adopted", plan.BodyCode, plan.Year, revision.Number);
        return plan.ToProto();
    }

    /// Adopts the revision and announces the plan in force; the activities' states carry their recorded status.
    private void Adopt(Plan plan, PlanRevision revision, DateOnly on, PlanProgress progress)
    {
        var previous = plan.InForce;
        plan.Adopt(revision, on, caller.User);
        foreach (var e in PlanAdoptionEvents.For(plan, revision, previous, progress, caller.Tenant, caller.Now)) db.Enqueue(e);
    }

    public override async Task<Api.Plan> StartRevision(Api.StartRevisionRequest request, ServerCallContext context)
    {
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var from = plan.Latest.Number;
        var revision = plan.StartRevision(Input.NullIfBlank(request.Note), caller.User, caller.Now);
        db.Revisions.Add(revision);
        db.Enqueue(new PlanRevised(Guid.NewGuid(), caller.Tenant, caller.Now, plan.State(revision), from, revision.Content.Areas()));
        await db.SaveChangesAsync(context.CancellationToken);
        return plan.ToProto();
    }

    public override async Task<Api.DiffRevisionsResponse> DiffRevisions(Api.DiffRevisionsRequest request, ServerCallContext context)
    {
        var plan = await RequirePlanAsync(request.BodyCode, request.Year, context.CancellationToken);
        var to = request.ToRevision == 0 ? plan.Latest : plan.Revision(request.ToRevision);
        var from = request.FromRevision == 0 ? plan.Revision(Math.Max(1, to.Number - 1)) : plan.Revision(request.FromRevision);
        var response = new Api.DiffRevisionsResponse();
        response.Changes.AddRange(RevisionDiff.Between(from.Content, to.Content).Select(c => c.ToProto()));
        return response;
    }
}
