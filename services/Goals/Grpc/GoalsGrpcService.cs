using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Contracts.Text;
using Region.Goals.Data;
using Region.Goals.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// region.goals.v1.GoalsService, one file per resource: plans and revisions (.Plans), draft edits
/// (.Drafts), the recorded progress of a plan (.Progress), the read views (.Queries) and the snapshot
/// (.Snapshot). Each call validates the request as a whole before it reads anything (names, codes, texts,
/// numbers, enums: every violation at once), loads what it needs once, lets the domain change it and
/// writes the events to the outbox in the same SaveChanges, so a rejected request writes nothing and an
/// accepted one is always announced.
public sealed partial class GoalsGrpcService(GoalsDb db, RequestContext caller, CallerContext token, ILogger<GoalsGrpcService> logger) : Api.GoalsService.GoalsServiceBase
{
    /// name: checked (PlanName.Check), so its body code is the canonical one the plans are stored under.
    private Task<Plan> RequirePlanAsync(PlanName name, CancellationToken ct) => FindPlanAsync(db.Plans, name, ct);

    /// The same, untracked, for a call that records progress against the plan but never changes it:
    /// its SaveChanges then has only the new rows to look at, not every revision of the plan.
    private Task<Plan> ReadPlanAsync(PlanName name, CancellationToken ct) => FindPlanAsync(db.Plans.AsNoTracking(), name, ct);

    private static async Task<Plan> FindPlanAsync(IQueryable<Plan> plans, PlanName name, CancellationToken ct) =>
        await plans.Include(p => p.Revisions).SingleOrDefaultAsync(p => p.BodyCode == name.BodyCode && p.Year == name.Year, ct)
            ?? throw new NotFoundException($"There is no plan {name}.");

    /// Progress is recorded against the plan in force (read untracked: recording never changes it).
    private async Task<(Plan, Goal)> RequireGoalAsync(PlanName name, string code, CancellationToken ct)
    {
        var plan = await ReadPlanAsync(name, ct);
        var goal = InForce(plan).Content.FindGoal(code) ?? throw new NotFoundException(
            $"Plan {name} has no goal {Input.Quote(code)}.{Suggestions.DidYouMean(code, InForce(plan).Content.Goals.Select(g => g.Code))}");
        return (plan, goal);
    }

    /// Unit scope (docs/security.md): a plan's content belongs to its body, so only callers whose scope
    /// covers the body change it; a goal's progress belongs to its responsible unit (the body when none),
    /// so an area's planner records the outcomes, assessments and activities of the area's goals.
    private Task RequireInScopeAsync(string unitCode, CancellationToken ct) => UnitScope.RequireWithinAsync(token, db, [unitCode], ct);

    private static string UnitOf(Plan plan, Goal goal) => goal.ResponsibleUnitCode ?? plan.BodyCode;

    private static PlanRevision InForce(Plan plan) =>
        plan.InForce ?? throw new FailedPreconditionException($"Plan {plan.BodyCode} {plan.Year} has no adopted revision to follow up.");

    /// A code the request names (goal_code, activity_code...): checked, and in the canonical form.
    private static string Code(string? value, string field, Violations v)
    {
        Input.CheckCode(value, field, v);
        return Input.Code(value ?? "");
    }

    /// Everything recorded for the plan, in three queries; the one load of a call.
    private async Task<PlanProgress> LoadProgressAsync(Plan plan, CancellationToken ct) => new(plan,
        await db.Outcomes.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct),
        await db.Assessments.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct),
        await db.ActivityStatuses.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct));

    /// Two callers recording the same version at once: the unique index lets one through, the other is told to re-read.
    private Task SaveRecordingAsync(string what, CancellationToken ct) => SaveAsync(() =>
        new ConcurrencyConflictException($"{char.ToUpperInvariant(what[0])}{what[1..]} was changed by someone else meanwhile; read it again."), ct);

    /// Saves; when a unique index refuses the write (two callers raced past the checks before it), the
    /// caller hears the conflict in words, not the index's name.
    private async Task SaveAsync(Func<DomainException> conflict, CancellationToken ct, bool acceptAllChanges = true)
    {
        try
        {
            await db.SaveChangesAsync(acceptAllChanges, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw conflict();
        }
    }

    private async Task<HashSet<string>> UnitsAsync(CancellationToken ct) =>
        (await db.OrgUnits.AsNoTracking().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
