using Microsoft.EntityFrameworkCore;
using Region.Investments.Data;
using Region.Investments.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// region.investments.v1.InvestmentsService, one file per resource (.Plans, .Import, .Objects,
/// .Figures, .Queries, .Snapshot): each call validates the request as a whole, changes the model
/// and writes the events to the outbox in the same SaveChanges, so a rejected request writes
/// nothing and an accepted one is always announced. Units are checked against the org-unit replica;
/// codes are stored and compared in their one form (Input.Code).
public sealed partial class InvestmentsGrpcService(InvestmentsDb db, RequestContext current, CallerContext token, ILogger<InvestmentsGrpcService> logger)
    : Api.InvestmentsService.InvestmentsServiceBase
{
    private string Tenant => current.Tenant;
    private string User => current.User;
    private DateTimeOffset Now => current.Now;

    /// The plan of a body code the caller validated.
    private async Task<InvestmentPlan> RequirePlanAsync(string bodyCode, int year, CancellationToken ct)
    {
        var code = Input.Code(bodyCode);
        return await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.BodyCode == code && p.Year == year, ct)
            ?? throw new NotFoundException($"{Input.Quote(code)} has no investment plan for {year}.");
    }

    /// The object, tracked, without its history (a change appends to it without reading it).
    private async Task<InvestmentObject> RequireObjectAsync(Guid id, CancellationToken ct) =>
        await db.Objects.SingleOrDefaultAsync(o => o.Id == id, ct)
        ?? throw new NotFoundException($"Investment object '{id}' does not exist.");

    /// The codes an object of the body's plan may name: the body's subtree (empty for an unknown body).
    private static PlanBody BodyUnits(OrgUnitReplicaTree tree, string bodyCode) =>
        new(bodyCode, string.IsNullOrWhiteSpace(bodyCode) ? [] : tree.SubtreeCodes(Input.Code(bodyCode)), tree.Codes);

    /// The unit's subtree as objects store unit codes, for filtering in SQL.
    private static List<string> StoredCodes(OrgUnitReplicaTree tree, string unitCode) =>
        tree.SubtreeCodes(Input.Code(unitCode)).Select(Input.Code).Distinct().ToList();

    /// A unit code the replica knows, in its stored form; null (a violation added unless optional
    /// and blank) otherwise.
    private static string? CheckUnit(OrgUnitReplicaTree tree, string code, string field, Violations v, bool required)
    {
        if (!Input.CheckCode(code, field, v, required) || string.IsNullOrWhiteSpace(code)) return null;
        return v.Check(tree.Find(Input.Code(code)) is not null, field, UnknownUnit.Message(code, tree.Codes)) ? Input.Code(code) : null;
    }

    /// Unit scope (docs/security.md): a caller limited to one unit changes only objects of that
    /// unit's subtree, and a plan only when the plan's body is within it.
    private Task RequireInScopeAsync(CancellationToken ct, params IEnumerable<string> unitCodes) =>
        UnitScope.RequireWithinAsync(token, db, unitCodes, ct);

    private static Guid ParseId(string id, Violations v) =>
        v.Check(Guid.TryParse(id, out var guid), "id", "An object id (a UUID) is required.") ? guid : Guid.Empty;

    private static void MatchEtag(string etag, InvestmentObject o) => Etag.Match(etag, o.Version, $"investment object {Input.Quote(o.Name)}");

    /// Refuses a change that would take the region's figures past InvestmentFigures.MaxRegionTotal.
    private async Task EnsureRegionTotalAsync(long before, long after, CancellationToken ct)
    {
        if (after <= before) return;
        var total = await db.Objects.SumAsync(o => (decimal)o.Amount + o.SpentToDate + (o.Forecast ?? 0), ct);
        InvestmentFigures.EnsureRegionTotal(total, before, after);
    }
}
