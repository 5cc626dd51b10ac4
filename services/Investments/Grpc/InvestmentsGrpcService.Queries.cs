using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Api = Region.Investments.V1;

namespace Region.Investments.Grpc;

/// Queries across plans: a unit's objects with their totals, and net investments per year.
public sealed partial class InvestmentsGrpcService
{
    /// ListObjects answers with at most this many objects; a wider question must name a year or a smaller unit.
    public const int MaxListedObjects = 5000;

    public override async Task<Api.ListObjectsResponse> ListObjects(Api.ListObjectsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        var unit = CheckUnit(tree, request.UnitCode, "unit_code", v, required: true);
        if (request.Year != 0) Input.CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var codes = StoredCodes(tree, unit!);
        var objects = await db.Objects.AsNoTracking()
            .Where(o => codes.Contains(o.UnitCode) && (request.Year == 0 || o.Year == request.Year))
            .OrderBy(o => o.Year).ThenBy(o => o.UnitCode).ThenBy(o => o.Name).Take(MaxListedObjects + 1).ToListAsync(ct);
        if (objects.Count > MaxListedObjects)
            throw new ValidationFailedException([new FieldViolation(request.Year == 0 ? "year" : "unit_code",
                $"More than {MaxListedObjects} objects match: name {(request.Year == 0 ? "a year" : "a unit further down")}.")]);
        var response = new Api.ListObjectsResponse { Total = Totals.Of(unit!, objects).ToProto() };
        response.Objects.AddRange(objects.Select(o => o.ToProto()));
        return response;
    }

    public override async Task<Api.GetNetInvestmentsResponse> GetNetInvestments(Api.GetNetInvestmentsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        NetInvestments.ValidateRange(request.FromYear, request.ToYear, v);
        var unit = CheckUnit(tree, request.UnitCode, "unit_code", v, required: false);
        v.ThrowIfAny();
        var query = db.Objects.AsNoTracking().Where(o => o.Year >= request.FromYear && o.Year <= request.ToYear);
        if (unit is not null)
        {
            var codes = StoredCodes(tree, unit);
            query = query.Where(o => codes.Contains(o.UnitCode));
        }
        var objects = await query.ToListAsync(ct);
        var response = new Api.GetNetInvestmentsResponse();
        response.Years.AddRange(NetInvestments.PerYear(request.FromYear, request.ToYear, objects)
            .Select(y => new Api.YearInvestments { Year = y.Year, Totals = y.Totals.ToProto() }));
        return response;
    }
}
