using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// The org-unit tree: the budget levels every figure rolls up along.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.Unit> CreateUnit(Api.CreateUnitRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var level = request.Level.ToDomain();
        var v = new Violations();
        v.AddRange(OrgUnit.Validate(request.Code, request.Name, level, request.ParentCode));
        v.ThrowIfAny();
        var code = Input.Code(request.Code);

        OrgUnit? parent = null;
        if (level != UnitLevel.Region)
        {
            var parentCode = Input.Code(request.ParentCode);
            parent = await db.Units.SingleOrDefaultAsync(u => u.Code == parentCode, ct)
                ?? throw new NotFoundException($"Parent unit {Input.Quote(parentCode)} does not exist.");
            if (OrgUnit.CheckPlacement(level!.Value, parent) is { } misplaced) throw new ValidationFailedException([misplaced]);
        }
        if (await db.Units.AnyAsync(u => u.Code == code, ct))
            throw new AlreadyExistsException($"A unit with code {Input.Quote(code)} already exists (codes are compared without regard to case).");
        if (await db.Units.CountAsync(ct) >= OrgUnit.MaxPerTenant)
            throw new FailedPreconditionException($"A region has at most {OrgUnit.MaxPerTenant} units; close and reuse some instead.");

        var unit = new OrgUnit { Code = code, Name = request.Name.Trim(), Level = level!.Value, ParentId = parent?.Id };
        db.Units.Add(unit);
        db.Enqueue(new OrgUnitCreated(Guid.NewGuid(), caller.Tenant, caller.Now, unit.ToState(parent?.Code)));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Unit {Code} ({Level}) created under {Parent}", unit.Code, unit.Level, parent?.Code);
        return unit.ToProto(parent?.Code);
    }

    public override async Task<Api.Unit> GetUnit(Api.GetUnitRequest request, ServerCallContext context)
    {
        var v = new Violations();
        OrgUnit.CheckCode(request.Code, "code", v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.Code);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.Unit> RenameUnit(Api.RenameUnitRequest request, ServerCallContext context)
    {
        var v = UnitChange(request.Code, request.Etag);
        OrgUnit.ValidateName(request.Name, v);
        v.ThrowIfAny();
        var (tree, unit) = await LoadUnitAtEtagAsync(request.Code, request.Etag, context.CancellationToken);

        unit.Rename(request.Name);
        db.Enqueue(new OrgUnitRenamed(Guid.NewGuid(), caller.Tenant, caller.Now, unit.ToState(tree.ParentCode(unit))));
        await db.SaveChangesAsync(context.CancellationToken);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.Unit> SetUnitOwner(Api.SetUnitOwnerRequest request, ServerCallContext context)
    {
        var v = UnitChange(request.Code, request.Etag);
        var o = request.Owner;
        if (o is not null) v.AddRange(UnitOwner.Validate(o.Name, o.Email, o.DeputyName, o.DeputyEmail, "owner"));
        v.ThrowIfAny();
        var (tree, unit) = await LoadUnitAtEtagAsync(request.Code, request.Etag, context.CancellationToken);

        unit.SetOwner(o is null ? null : UnitOwner.Create(o.Name, o.Email, o.DeputyName, o.DeputyEmail));
        db.Enqueue(new OrgUnitOwnerChanged(Guid.NewGuid(), caller.Tenant, caller.Now, unit.ToState(tree.ParentCode(unit))));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Unit {Code} owner {Action}", unit.Code, o is null ? "removed" : "set");
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.Unit> CloseUnit(Api.CloseUnitRequest request, ServerCallContext context)
    {
        var v = UnitChange(request.Code, request.Etag);
        Input.CheckYear(request.FromYear, "from_year", v);
        v.ThrowIfAny();
        var (tree, unit) = await LoadUnitAtEtagAsync(request.Code, request.Etag, context.CancellationToken);
        var frameYears = await db.Frames.Where(f => f.UnitId == unit.Id).Select(f => f.Year).ToListAsync(context.CancellationToken);
        if (tree.WhyNotClose(unit, request.FromYear, frameYears) is { } reason) throw new FailedPreconditionException(reason);

        unit.Close(request.FromYear);
        db.Enqueue(new OrgUnitClosed(Guid.NewGuid(), caller.Tenant, caller.Now, unit.ToState(tree.ParentCode(unit))));
        await db.SaveChangesAsync(context.CancellationToken);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.ListUnitsResponse> ListUnits(Api.ListUnitsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        OrgUnit.CheckCode(request.RootCode, "root_code", v, required: false);
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var units = string.IsNullOrWhiteSpace(request.RootCode) ? tree.All() : tree.Subtree(RequireUnit(tree, request.RootCode));
        var response = new Api.ListUnitsResponse
        {
            TotalSize = units.Count,
            NextPageToken = PageToken.Next(offset, size, units.Count),
        };
        response.Units.AddRange(units.Skip(offset).Take(size).Select(x => x.Unit.ToProto(tree.ParentCode(x.Unit), x.Depth)));
        return response;
    }

    /// The first checks of a change of an existing unit: its code, and the etag the caller read.
    private static Violations UnitChange(string code, string etag)
    {
        var v = new Violations();
        OrgUnit.CheckCode(code, "code", v);
        Etag.Check(etag, v, what: "the unit");
        return v;
    }

    /// The tree and the unit, which must not have changed since the caller read it. The unit is a
    /// tracked copy of its own, to be changed: the tree's units are shared with other calls.
    private async Task<(OrgTree Tree, OrgUnit Unit)> LoadUnitAtEtagAsync(string code, string etag, CancellationToken ct)
    {
        var tree = await LoadTreeAsync(ct);
        var id = RequireUnit(tree, code).Id;
        var unit = await db.Units.SingleAsync(u => u.Id == id, ct);
        Etag.Match(etag, unit.Version, $"unit {unit.Code}");
        return (tree, unit);
    }
}
