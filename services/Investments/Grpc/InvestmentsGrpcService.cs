using Microsoft.EntityFrameworkCore;
using Region.Investments.Data;
using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// region.investments.v1.InvestmentsService, one file per resource (.Plans, .Import, .Objects,
/// .Figures, .Queries, .Snapshot): each call validates the request as a whole, changes the model
/// and writes the events to the outbox in the same SaveChanges, so a rejected request writes
/// nothing and an accepted one is always announced. Units are checked against the org-unit replica.
public sealed partial class InvestmentsGrpcService(InvestmentsDb db, RequestContext current, ILogger<InvestmentsGrpcService> logger)
    : Api.InvestmentsService.InvestmentsServiceBase
{
    private string Tenant => current.Tenant;
    private string User => current.User;
    private DateTimeOffset Now => current.Now;

    private async Task<InvestmentPlan> RequirePlanAsync(OrgUnitReplicaTree tree, string bodyCode, int year, CancellationToken ct)
    {
        var code = tree.Find(bodyCode.Trim())?.Code ?? bodyCode.Trim();
        return await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.BodyCode == code && p.Year == year, ct)
            ?? throw new NotFoundException($"{bodyCode} has no investment plan for {year}.");
    }

    private async Task<InvestmentObject> RequireObjectAsync(Guid id, CancellationToken ct) =>
        await db.Objects.Include(o => o.History).SingleOrDefaultAsync(o => o.Id == id, ct)
        ?? throw new NotFoundException($"Investment object '{id}' does not exist.");

    /// The codes an object of the body's plan may name: the body's subtree (empty for an unknown body).
    private static HashSet<string> BodyUnits(OrgUnitReplicaTree tree, string bodyCode) =>
        string.IsNullOrWhiteSpace(bodyCode) ? [] : tree.SubtreeCodes(bodyCode.Trim());

    private static Guid ParseId(string id, Violations v) =>
        v.Check(Guid.TryParse(id, out var guid), "id", "An object id (a UUID) is required.") ? guid : Guid.Empty;

    private static void MatchEtag(string etag, InvestmentObject o) => Etag.Match(etag, o.Version, $"investment object '{o.Name}'");
}
