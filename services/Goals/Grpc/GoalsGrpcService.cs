using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Goals.Data;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// region.goals.v1.GoalsService, one file per resource: plans and revisions (.Plans), draft edits
/// (.Drafts), the recorded progress of a plan (.Progress), the read views (.Queries) and the snapshot
/// (.Snapshot). Each call validates the request as a whole, loads what it needs once, lets the domain
/// change it and writes the events to the outbox in the same SaveChanges, so a rejected request writes
/// nothing and an accepted one is always announced.
public sealed partial class GoalsGrpcService(GoalsDb db, RequestContext caller, ILogger<GoalsGrpcService> logger) : Api.GoalsService.GoalsServiceBase
{
    private async Task<Plan> RequirePlanAsync(string body, int year, CancellationToken ct)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(body), "body_code", "The body (e.g. RS) is required.");
        Input.CheckYear(year, "year", v);
        v.ThrowIfAny();
        return await db.Plans.Include(p => p.Revisions).SingleOrDefaultAsync(p => p.BodyCode == body && p.Year == year, ct)
            ?? throw new NotFoundException($"There is no plan {body} {year}.");
    }

    /// Progress is recorded against the plan in force.
    private async Task<(Plan, Goal)> RequireGoalAsync(string body, int year, string code, CancellationToken ct)
    {
        var plan = await RequirePlanAsync(body, year, ct);
        var goal = InForce(plan).Content.FindGoal(code) ?? throw new NotFoundException($"Plan {body} {year} has no goal '{code}'.");
        return (plan, goal);
    }

    private static PlanRevision InForce(Plan plan) =>
        plan.InForce ?? throw new FailedPreconditionException($"Plan {plan.BodyCode} {plan.Year} has no adopted revision to follow up.");

    /// Everything recorded for the plan, in three queries; the one load of a call.
    private async Task<PlanProgress> LoadProgressAsync(Plan plan, CancellationToken ct) => new(plan,
        await db.Outcomes.AsNoTracking().Where(o => o.PlanId == plan.Id).ToListAsync(ct),
        await db.Assessments.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct),
        await db.ActivityStatuses.AsNoTracking().Where(a => a.PlanId == plan.Id).ToListAsync(ct));

    /// Two callers recording the same version at once: the unique index lets one through, the other is told to re-read.
    private async Task SaveRecordingAsync(string what, CancellationToken ct)
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

    private async Task<HashSet<string>> UnitsAsync(CancellationToken ct) =>
        (await db.OrgUnits.AsNoTracking().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
