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
    public override async Task<Api.ListObjectsResponse> ListObjects(Api.ListObjectsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        if (v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required."))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        if (request.Year != 0) Input.CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var codes = tree.SubtreeCodes(request.UnitCode).ToList();
        var objects = await db.Objects.AsNoTracking()
            .Where(o => codes.Contains(o.UnitCode) && (request.Year == 0 || o.Year == request.Year))
            .OrderBy(o => o.Year).ThenBy(o => o.UnitCode).ThenBy(o => o.Name).ToListAsync(ct);
        var response = new Api.ListObjectsResponse { Total = Totals.Of(tree.Find(request.UnitCode)!.Code, objects).ToProto() };
        response.Objects.AddRange(objects.Select(o => o.ToProto()));
        return response;
    }

    public override async Task<Api.GetNetInvestmentsResponse> GetNetInvestments(Api.GetNetInvestmentsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var tree = await OrgUnitReplicaTree.LoadAsync(db, ct);
        var v = new Violations();
        NetInvestments.ValidateRange(request.FromYear, request.ToYear, v);
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
            v.Check(tree.Find(request.UnitCode) is not null, "unit_code", $"Unit '{request.UnitCode}' is not known.");
        v.ThrowIfAny();
        var query = db.Objects.AsNoTracking().Where(o => o.Year >= request.FromYear && o.Year <= request.ToYear);
        if (!string.IsNullOrWhiteSpace(request.UnitCode))
        {
            var codes = tree.SubtreeCodes(request.UnitCode).ToList();
            query = query.Where(o => codes.Contains(o.UnitCode));
        }
        var objects = await query.ToListAsync(ct);
        var response = new Api.GetNetInvestmentsResponse();
        response.Years.AddRange(NetInvestments.PerYear(request.FromYear, request.ToYear, objects)
            .Select(y => new Api.YearInvestments { Year = y.Year, Totals = y.Totals.ToProto() }));
        return response;
    }
}
