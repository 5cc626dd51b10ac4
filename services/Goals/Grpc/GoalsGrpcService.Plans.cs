using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Contracts.Goals;
using Region.Goals.Domain;
using Region.Goals.Events;
using Region.ServiceDefaults.Data;
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
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var yellow = Mapping.Decimal(request.YellowFromPercent, "yellow_from_percent", v) ?? 0m;
        Plan.ValidateHeader(request.Name, request.CaseNumber, request.DecisionReference, yellow, v);
        var vocabulary = request.Vocabulary.ToDomain("vocabulary", v);
        v.ThrowIfAny();
        var plan = await NewPlanAsync(name, request.Name, request.CaseNumber, request.DecisionReference, yellow, PlanContent.Empty, vocabulary, context.CancellationToken);
        await SavePlanAsync(name, context.CancellationToken);
        return plan.ToProto();
    }

    public override async Task<Api.Plan> ImportPlan(Api.ImportPlanRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        var yellow = Mapping.Decimal(request.YellowFromPercent, "yellow_from_percent", v) ?? 0m;
        Plan.ValidateHeader(request.Name, request.CaseNumber, request.DecisionReference, yellow, v);
        var vocabulary = request.Vocabulary.ToDomain("vocabulary", v);
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

        var plan = await NewPlanAsync(name, request.Name, request.CaseNumber, request.DecisionReference, yellow, content, vocabulary, ct);
        var adopted = request.Adopt ? Adopt(plan, plan.Latest, adoptedOn ?? caller.Today, PlanProgress.None(plan)) : [];
        await SaveImportAsync(name, adopted, ct);
        logger.LogInformation("Plan {Body} {Year} imported with {Goals} goals (adopted: {Adopted})", plan.BodyCode, plan.Year, goals.Count, request.Adopt);
        var response = plan.ToProto();
        response.Findings.AddRange(goals.Select((g, i) => (g, i)).Where(x => x.g.Target.Kind == TargetKind.Unclassified)
            .Select(x => $"goals[{x.i}] ({x.g.Code}): target {Input.Quote(x.g.Target.Text)} not typed: {x.g.Target.Problem}"));
        return response;
    }

    private async Task<Plan> NewPlanAsync(PlanName name, string title, string caseNumber, string decision, decimal yellow, PlanContent content,
        PlanVocabulary? vocabulary, CancellationToken ct)
    {
        await RequireInScopeAsync(name.BodyCode, ct);
        if (await db.Plans.AnyAsync(p => p.BodyCode == name.BodyCode && p.Year == name.Year, ct))
            throw new AlreadyExistsException($"Plan {name} already exists.");
        var plan = Plan.Create(name.BodyCode, name.Year, title.Trim(), Input.NullIfBlank(caseNumber), Input.NullIfBlank(decision),
            yellow == 0m ? GoalStatusRule.DefaultYellowFromPercent : yellow, content, caller.User, caller.Now, vocabulary);
        db.Plans.Add(plan);
        db.Enqueue(new PlanCreated(Guid.NewGuid(), caller.Tenant, caller.Now, plan.State(plan.Latest), content.Areas()));
        return plan;
    }

    /// The unique index on (tenant, body, year) settles two creations racing past the check above.
    private Task SavePlanAsync(PlanName name, CancellationToken ct) => SaveAsync(() => new AlreadyExistsException($"Plan {name} already exists."), ct);

    /// An imported plan in one transaction: the plan, its revision and PlanCreated as tracked, then
    /// the adoption's events (one per goal and activity: the bulk of the rows) in one COPY after them,
    /// so they leave the outbox after PlanCreated.
    private async Task SaveImportAsync(PlanName name, List<IIntegrationEvent> adopted, CancellationToken ct)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // No savepoint (as BulkInsert): the import fails whole, and the plan's rows keep the transaction's id.
            db.Database.AutoSavepointsEnabled = false;
            // Kept pending until the commit, so a retried attempt saves them again.
            await SaveAsync(() => new AlreadyExistsException($"Plan {name} already exists."), ct, acceptAllChanges: false);
            await db.EnqueueAllAsync(adopted, ct);
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.AcceptAllChanges();
    }

    public override async Task<Api.Plan> GetPlan(Api.GetPlanRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        v.ThrowIfAny();
        return (await RequirePlanAsync(name, context.CancellationToken)).ToProto();
    }

    /// Every plan of the tenant (bodies × years: tens, not thousands), optionally of one body or year.
    public override async Task<Api.ListPlansResponse> ListPlans(Api.ListPlansRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var body = Input.CheckCode(request.BodyCode, "body_code", v, required: false) ? Mapping.CodeOrNull(request.BodyCode) : null;
        if (request.Year != 0) Input.CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var query = db.Plans.Include(p => p.Revisions).AsQueryable();
        if (body is not null) query = query.Where(p => p.BodyCode == body);
        if (request.Year != 0) query = query.Where(p => p.Year == request.Year);
        var response = new Api.ListPlansResponse();
        response.Plans.AddRange((await query.OrderBy(p => p.BodyCode).ThenBy(p => p.Year).ToListAsync(context.CancellationToken)).Select(p => p.ToProto()));
        return response;
    }

    public override async Task<Api.Plan> AdoptRevision(Api.AdoptRevisionRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        CheckRevision(request.Revision, "revision", v);
        var on = Mapping.Date(request.AdoptedOn, "adopted_on", v);
        Etag.Check(request.Etag, v, what: "the revision to adopt");
        v.ThrowIfAny();
        await RequireInScopeAsync(name.BodyCode, ct);
        var plan = await RequirePlanAsync(name, ct);
        var revision = request.Revision == 0 ? plan.Latest : plan.Revision(request.Revision);
        Etag.Match(request.Etag, revision.Version, $"revision {revision.Number}");
        foreach (var e in Adopt(plan, revision, on ?? caller.Today, await LoadProgressAsync(plan, ct))) db.Enqueue(e);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Plan {Body} {Year} revision {Revision} adopted", plan.BodyCode, plan.Year, revision.Number);
        return plan.ToProto();
    }

    /// Adopts the revision; returns the events that announce the plan in force (the activities' states
    /// carry their recorded status), for the caller to write with the change.
    private List<IIntegrationEvent> Adopt(Plan plan, PlanRevision revision, DateOnly on, PlanProgress progress)
    {
        var previous = plan.InForce;
        plan.Adopt(revision, on, caller.User);
        return PlanAdoptionEvents.For(plan, revision, previous, progress, caller.Tenant, caller.Now).ToList();
    }

    public override async Task<Api.Plan> StartRevision(Api.StartRevisionRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        Input.CheckText(request.Note, "note", PlanRevision.MaxNoteLength, v, multiLine: true);
        v.ThrowIfAny();
        await RequireInScopeAsync(name.BodyCode, context.CancellationToken);
        var plan = await RequirePlanAsync(name, context.CancellationToken);
        var from = plan.Latest.Number;
        var revision = plan.StartRevision(Input.NullIfBlank(request.Note), caller.User, caller.Now);
        db.Revisions.Add(revision);
        db.Enqueue(new PlanRevised(Guid.NewGuid(), caller.Tenant, caller.Now, plan.State(revision), from, revision.Content.Areas()));
        await db.SaveChangesAsync(context.CancellationToken);
        return plan.ToProto();
    }

    public override async Task<Api.DiffRevisionsResponse> DiffRevisions(Api.DiffRevisionsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var name = PlanName.Check(request.BodyCode, request.Year, v);
        CheckRevision(request.FromRevision, "from_revision", v);
        CheckRevision(request.ToRevision, "to_revision", v);
        v.ThrowIfAny();
        var plan = await RequirePlanAsync(name, context.CancellationToken);
        var to = request.ToRevision == 0 ? plan.Latest : plan.Revision(request.ToRevision);
        var from = request.FromRevision == 0 ? plan.Revision(Math.Max(1, to.Number - 1)) : plan.Revision(request.FromRevision);
        var response = new Api.DiffRevisionsResponse();
        response.Changes.AddRange(RevisionDiff.Between(from.Content, to.Content).Select(c => c.ToProto()));
        return response;
    }

    /// A revision number as requests send it: 0 for the default one, else the number.
    private static void CheckRevision(int revision, string field, Violations v) =>
        v.Check(revision >= 0, field, "A revision number, or 0 for the default.");
}
