using Microsoft.EntityFrameworkCore;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// region.budget.v1.BudgetService: validates each request as a whole, changes the model and
/// writes the events to the outbox in the same SaveChanges, so a rejected request writes nothing
/// and an accepted one is always announced. One partial per resource (.Units, .Frames,
/// .Financing, .Imports, .Outcomes, .Years, .Snapshot); the rules live in Domain/, the event
/// payloads in Events/. This part holds the steps they share.
public sealed partial class BudgetGrpcService(BudgetDb db, RequestContext caller, ILogger<BudgetGrpcService> logger) : Api.BudgetService.BudgetServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private async Task<OrgTree> LoadTreeAsync(CancellationToken ct) => new(await db.Units.ToListAsync(ct));

    private static OrgUnit RequireUnit(OrgTree tree, string code, string field = "unit_code") =>
        tree.Find(code) ?? throw new NotFoundException($"Unit '{code}' does not exist ({field}).");

    private async Task<BudgetFrame> RequireFrameAsync(OrgUnit unit, int year, CancellationToken ct) =>
        await db.Frames.Include(f => f.Entries).SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.Year == year, ct)
        ?? throw new NotFoundException($"Unit {unit.Code} has no frame for {year}; open one first.");

    /// The frames of the units in a year, by unit id, read-only.
    private async Task<Dictionary<Guid, BudgetFrame>> LoadFramesAsync(List<Guid> unitIds, int year, CancellationToken ct) =>
        await db.Frames.AsNoTracking().Include(f => f.Entries)
            .Where(f => f.Year == year && unitIds.Contains(f.UnitId))
            .ToDictionaryAsync(f => f.UnitId, ct);

    /// A closed budget year is final: FAILED_PRECONDITION for any change in it.
    private async Task EnsureYearOpenAsync(int year, CancellationToken ct)
    {
        var closed = await db.Years.AsNoTracking().SingleOrDefaultAsync(y => y.Year == year && y.ClosedAt != null, ct);
        if (closed is not null)
            throw new FailedPreconditionException($"The budget year {year} was closed on {closed.ClosedAt:yyyy-MM-dd}; it cannot change.");
    }

    /// The first checks of a call about one unit (or body) and a year: both are required.
    private static Violations CodeAndYear(string code, int year, string field = "unit_code", string message = "A unit code is required.")
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(code), field, message);
        Input.CheckYear(year, "year", v);
        return v;
    }
}
