using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// Budget frames, their ledger of adjustments and transfers, and frames by division with roll-up.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.Frame> OpenFrame(Api.OpenFrameRequest request, ServerCallContext context)
    {
        var category = request.Category.ToDomain();
        var opening = request.Opening.ToDomain();
        var v = CodeAndYear(request.UnitCode, request.Year);
        v.Check(category is not null, "category", "Say whether the frame is the officials' or the elected members'.");
        AmountChecks.Columns(opening, "opening", v);
        BudgetFrame.ValidateWeights(request.MonthlyWeights, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        RequireInScope(tree, unit);
        if (!unit.IsOpenIn(request.Year))
            throw new FailedPreconditionException($"Unit {unit.Code} is closed from {unit.ClosedFromYear}.");
        if (await db.Frames.AnyAsync(f => f.UnitId == unit.Id && f.Year == request.Year, context.CancellationToken))
            throw new AlreadyExistsException($"The {request.Year} frame of {unit.Code} is already open; change it with AdjustFrame.");

        var frame = new BudgetFrame
        {
            UnitId = unit.Id,
            Year = request.Year,
            Category = category!.Value,
            Opening = opening,
            MonthlyWeights = request.MonthlyWeights.Count == 12 ? request.MonthlyWeights.ToArray() : null,
        };
        db.Frames.Add(frame);
        db.Enqueue(new BudgetFrameOpened(Guid.NewGuid(), caller.Tenant, caller.Now, frame.ToState(unit.Code)));
        await SaveInOpenYearsAsync([request.Year], context.CancellationToken);
        logger.LogInformation("Frame {Unit} {Year} opened with net {Net}", unit.Code, frame.Year, frame.Opening.Net);
        return frame.ToProto(unit.Code);
    }

    public override async Task<Api.Frame> GetFrame(Api.GetFrameRequest request, ServerCallContext context)
    {
        CodeAndYear(request.UnitCode, request.Year).ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        // Taken before the frame is read: a change committed meanwhile moves it past what is kept.
        var generation = changes.Generation(BudgetChanges.Frames(caller.Tenant, request.Year));
        if (generation is { } g && frameCache.Find(caller.Tenant, unit.Id, request.Year, g) is { } kept) return kept;
        var frame = await FrameToRead(db, unit.Id, request.Year, context.CancellationToken)
            ?? throw NoFrame(unit, request.Year);
        var read = frame.ToProto(unit.Code);
        if (generation is { } taken) frameCache.Keep(caller.Tenant, unit.Id, request.Year, taken, read);
        return read;
    }

    public override async Task<Api.Frame> AdjustFrame(Api.AdjustFrameRequest request, ServerCallContext context)
    {
        var kind = request.Kind.ToDomain();
        var change = request.Change.ToDomain();
        var v = CodeAndYear(request.UnitCode, request.Year);
        Etag.Check(request.Etag, v, what: "the frame you read");
        if (v.Check(kind is not null, "kind", "Say what kind of change this is."))
            v.Check(kind != AdjustmentKind.Transfer, "kind", "Transfers move amounts between two units: use TransferFrame.");
        v.Check(!change.IsZero || request.AmountIsEstimate, "change", "The change is zero in every column.");
        AmountChecks.Columns(change, "change", v);
        BudgetFrame.ValidateReason(request.Reason, request.CaseNumber, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        RequireInScope(tree, unit);
        var frame = await RequireFrameAsync(unit, request.Year, context.CancellationToken);
        Etag.Match(request.Etag, frame.Version, $"the {frame.Year} frame of {unit.Code}");
        if (frame.CheckChange(change, unit.Code, includedInOpening: request.IncludedInOpening) is { } beyond) throw new ValidationFailedException([beyond]);

        var entry = frame.Adjust(kind!.Value, change, request.Reason.Trim(), Input.NullIfBlank(request.CaseNumber), caller.User, caller.Now,
            request.AmountIsEstimate, includedInOpening: request.IncludedInOpening);
        db.Ledger.Add(entry);
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), caller.Tenant, caller.Now, entry.ToData(unit.Code, frame.Year), frame.ToState(unit.Code)));
        await SaveInOpenYearsAsync([request.Year], context.CancellationToken);
        logger.LogInformation("Frame {Unit} {Year} adjusted by {Net} ({Kind}, included in opening: {Included})",
            unit.Code, frame.Year, change.Net, entry.Kind, entry.IncludedInOpening);
        return frame.ToProto(unit.Code);
    }

    public override async Task<Api.TransferFrameResponse> TransferFrame(Api.TransferFrameRequest request, ServerCallContext context)
    {
        var change = request.Change.ToDomain();
        var v = new Violations();
        var fromOk = OrgUnit.CheckCode(request.FromUnitCode, "from_unit_code", v);
        if (OrgUnit.CheckCode(request.ToUnitCode, "to_unit_code", v) && fromOk)
            v.Check(Input.Code(request.FromUnitCode) != Input.Code(request.ToUnitCode), "to_unit_code", "A transfer needs two different units.");
        Input.CheckYear(request.Year, "year", v);
        Etag.Check(request.FromEtag, v, "from_etag", "the giving unit's frame");
        Etag.Check(request.ToEtag, v, "to_etag", "the receiving unit's frame");
        v.Check(!change.IsZero, "change", "The change is zero in every column.");
        AmountChecks.Columns(change, "change", v);
        BudgetFrame.ValidateReason(request.Reason, request.CaseNumber, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var from = RequireUnit(tree, request.FromUnitCode);
        var to = RequireUnit(tree, request.ToUnitCode);
        RequireInScope(tree, from, to);
        var fromFrame = await RequireFrameAsync(from, request.Year, context.CancellationToken);
        var toFrame = await RequireFrameAsync(to, request.Year, context.CancellationToken);
        Etag.Match(request.FromEtag, fromFrame.Version, $"the {request.Year} frame of {from.Code}");
        Etag.Match(request.ToEtag, toFrame.Version, $"the {request.Year} frame of {to.Code}");
        var beyond = new[] { fromFrame.CheckChange(-change, from.Code), toFrame.CheckChange(change, to.Code) }.OfType<FieldViolation>().ToList();
        if (beyond.Count > 0) throw new ValidationFailedException(beyond);

        // Both entries and both events commit together or not at all: the total never moves.
        var transferId = Guid.NewGuid();
        var reason = request.Reason.Trim();
        var caseNumber = Input.NullIfBlank(request.CaseNumber);
        var given = fromFrame.Adjust(AdjustmentKind.Transfer, -change, reason, caseNumber, caller.User, caller.Now, transferId: transferId, counterpartUnitCode: to.Code);
        var taken = toFrame.Adjust(AdjustmentKind.Transfer, change, reason, caseNumber, caller.User, caller.Now, transferId: transferId, counterpartUnitCode: from.Code);
        db.Ledger.AddRange(given, taken);
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), caller.Tenant, caller.Now, given.ToData(from.Code, request.Year), fromFrame.ToState(from.Code)));
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), caller.Tenant, caller.Now, taken.ToData(to.Code, request.Year), toFrame.ToState(to.Code)));
        await SaveInOpenYearsAsync([request.Year], context.CancellationToken);
        logger.LogInformation("Transfer {TransferId}: {Net} from {From} to {To} ({Year})", transferId, change.Net, from.Code, to.Code, request.Year);
        return new Api.TransferFrameResponse
        {
            From = fromFrame.ToProto(from.Code),
            To = toFrame.ToProto(to.Code),
            TransferId = transferId.ToString(),
        };
    }

    public override async Task<Api.ListLedgerResponse> ListLedger(Api.ListLedgerRequest request, ServerCallContext context)
    {
        CodeAndYear(request.UnitCode, request.Year).ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var root = RequireUnit(tree, request.UnitCode);
        var unitIds = request.IncludeSubtree ? tree.Subtree(root).Select(x => x.Unit.Id).ToList() : [root.Id];
        var entries = await db.Ledger.AsNoTracking()
            .Join(db.Frames.Where(f => f.Year == request.Year && unitIds.Contains(f.UnitId)), e => e.FrameId, f => f.Id, (e, f) => new { e, f.UnitId })
            .OrderBy(x => x.e.ChangedAt).ThenBy(x => x.e.Id)
            .ToListAsync(context.CancellationToken);
        var response = new Api.ListLedgerResponse();
        response.Entries.AddRange(entries.Select(x => x.e.ToProto(tree.Find(x.UnitId)!.Code, request.Year)));
        return response;
    }

    public override async Task<Api.ListBudgetFramesResponse> ListBudgetFrames(Api.ListBudgetFramesRequest request, ServerCallContext context)
    {
        var v = FramesBySubtreeRequest(request);
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        v.ThrowIfAny();
        var listed = await FramesBySubtreeAsync(request, context.CancellationToken);
        var response = listed.Page(offset, size);
        // Other years' frames do not move this listing's stamp: the years are asked on every call
        // of a year without frames (whose page is not kept).
        if (!listed.HasFrames) response.YearsWithFrames.AddRange(await YearsWithFramesAsync(request.UnitCode, context.CancellationToken));
        return response;
    }

    public override async Task StreamBudgetFrames(Api.ListBudgetFramesRequest request, IServerStreamWriter<Api.UnitFrame> responseStream, ServerCallContext context)
    {
        FramesBySubtreeRequest(request).ThrowIfAny();
        using var lease = streams.Enter(token, context.CancellationToken);
        var listed = await FramesBySubtreeAsync(request, context.CancellationToken);
        try
        {
            foreach (var row in listed.Rows) await responseStream.WriteAsync(row, lease.Ended);
        }
        catch (OperationCanceledException) when (lease.Ended.IsCancellationRequested)
        {
            // The caller left, or its token expired (below).
        }
        lease.ThrowIfTokenExpired();
    }

    /// The years in which the unit or a unit below it has a frame, ascending: asked only when the
    /// year a caller wanted has none, so that the caller can name the years that do.
    private async Task<List<int>> YearsWithFramesAsync(string unitCode, CancellationToken ct)
    {
        var tree = await LoadTreeAsync(ct);
        var ids = tree.Subtree(RequireUnit(tree, unitCode)).Select(x => x.Unit.Id).ToList();
        return await db.Frames.AsNoTracking().Where(f => ids.Contains(f.UnitId)).Select(f => f.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
    }

    private static Violations FramesBySubtreeRequest(Api.ListBudgetFramesRequest request) => CodeAndYear(request.UnitCode, request.Year);

    /// Every unit of the subtree with its own frame and the roll-up of everything below it, kept
    /// between calls while neither the tree nor the year's frames change (SubtreeFramesCache).
    private async Task<SubtreeFrames> FramesBySubtreeAsync(Api.ListBudgetFramesRequest request, CancellationToken ct)
    {
        // The stamp is taken before the frames are read: a change committed meanwhile moves it.
        OrgTree tree;
        FramesStamp stamp;
        if (changes.Generation(BudgetChanges.Frames(caller.Tenant, request.Year)) is { } generation)
        {
            (tree, stamp) = (await LoadTreeAsync(ct), new FramesStamp(generation, null));
        }
        else
        {
            var versions = await BudgetVersions.ReadAsync(db, request.Year, ct);
            (tree, stamp) = (await LoadTreeAsync(versions.Tree, ct), new FramesStamp(null, versions.Frames));
        }
        var root = RequireUnit(tree, request.UnitCode);
        if (subtreeFrames.Find(caller.Tenant, root.Code, request.Year, tree.Version, stamp) is { } kept) return kept;

        var subtree = tree.Subtree(root);
        var frames = await LoadFramesAsync(subtree.Select(x => x.Unit.Id).ToList(), request.Year, ct);
        var rollup = tree.RollUp(root, u => frames.TryGetValue(u.Id, out var f) ? f.Current : FrameAmounts.Zero, (a, b) => a + b);
        var rows = subtree.Select(x =>
        {
            var row = new Api.UnitFrame { Unit = x.Unit.ToProto(tree.ParentCode(x.Unit), x.Depth), Rollup = rollup[x.Unit.Code].ToProto() };
            if (frames.TryGetValue(x.Unit.Id, out var frame)) row.Frame = frame.ToProto(x.Unit.Code);
            return row;
        }).ToList();
        var built = new SubtreeFrames(tree.Version, stamp, rows, rollup[root.Code].ToProto());
        subtreeFrames.Keep(caller.Tenant, root.Code, request.Year, built);
        return built;
    }
}
