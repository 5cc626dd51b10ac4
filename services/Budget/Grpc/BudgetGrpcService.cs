using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Outbox;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// region.budget.v1.BudgetService: validates each request as a whole, changes the model and
/// writes the events to the outbox in the same SaveChanges, so a rejected request writes nothing
/// and an accepted one is always announced.
public sealed partial class BudgetGrpcService(BudgetDb db, TimeProvider clock, ILogger<BudgetGrpcService> logger) : Api.BudgetService.BudgetServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private const int MaxOutcomeLines = 20_000;

    private string Tenant => db.Caller.RequiredTenant;
    private string User => db.Caller.User;
    private DateTimeOffset Now => clock.GetUtcNow();

    // ---------- Org units ----------

    public override async Task<Api.Unit> CreateUnit(Api.CreateUnitRequest request, ServerCallContext context)
    {
        var level = request.Level.ToDomain();
        var v = new Violations();
        v.AddRange(OrgUnit.Validate(request.Code, request.Name, level, request.ParentCode));
        v.ThrowIfAny();

        OrgUnit? parent = null;
        if (level != UnitLevel.Region)
        {
            parent = await db.Units.SingleOrDefaultAsync(u => u.Code == request.ParentCode, context.CancellationToken)
                ?? throw new NotFoundException($"Parent unit '{request.ParentCode}' does not exist.");
            if (OrgUnit.CheckPlacement(level!.Value, parent) is { } misplaced) throw new ValidationFailedException([misplaced]);
        }
        if (await db.Units.AnyAsync(u => u.Code == request.Code, context.CancellationToken))
            throw new AlreadyExistsException($"A unit with code '{request.Code}' already exists.");

        var unit = new OrgUnit { Code = request.Code, Name = request.Name.Trim(), Level = level!.Value, ParentId = parent?.Id };
        db.Units.Add(unit);
        db.Enqueue(new OrgUnitCreated(Guid.NewGuid(), Tenant, Now, unit.ToState(parent?.Code)));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Unit {Code} ({Level}) created under {Parent}", unit.Code, unit.Level, parent?.Code);
        return unit.ToProto(parent?.Code);
    }

    public override async Task<Api.Unit> GetUnit(Api.GetUnitRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.Code), "code", "A code is required.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.Code);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.Unit> RenameUnit(Api.RenameUnitRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.Code), "code", "A code is required.");
        OrgUnit.ValidateName(request.Name, v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.Code);
        CheckEtag(request.Etag, unit.Version, $"unit {unit.Code}");
        unit.Name = request.Name.Trim();
        unit.Version++;
        db.Enqueue(new OrgUnitRenamed(Guid.NewGuid(), Tenant, Now, unit.ToState(tree.ParentCode(unit))));
        await db.SaveChangesAsync(context.CancellationToken);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.Unit> CloseUnit(Api.CloseUnitRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.Code), "code", "A code is required.");
        v.Check(BudgetYear.IsValidYear(request.FromYear), "from_year", $"A year between {BudgetYear.FirstYear} and {BudgetYear.LastYear}.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.Code);
        CheckEtag(request.Etag, unit.Version, $"unit {unit.Code}");
        if (unit.ClosedFromYear is { } closed)
            throw new FailedPreconditionException($"Unit {unit.Code} is already closed from {closed}.");
        var openChildren = tree.Subtree(unit).Skip(1).Where(x => x.Unit.IsOpenIn(request.FromYear)).Select(x => x.Unit.Code).ToList();
        if (openChildren.Count > 0)
            throw new FailedPreconditionException($"Close the units under {unit.Code} first: {string.Join(", ", openChildren)}.");
        if (await db.Frames.AnyAsync(f => f.UnitId == unit.Id && f.Year >= request.FromYear, context.CancellationToken))
            throw new FailedPreconditionException($"Unit {unit.Code} has frames from {request.FromYear} on.");
        unit.ClosedFromYear = request.FromYear;
        unit.Version++;
        db.Enqueue(new OrgUnitClosed(Guid.NewGuid(), Tenant, Now, unit.ToState(tree.ParentCode(unit))));
        await db.SaveChangesAsync(context.CancellationToken);
        return unit.ToProto(tree.ParentCode(unit));
    }

    public override async Task<Api.ListUnitsResponse> ListUnits(Api.ListUnitsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var units = string.IsNullOrEmpty(request.RootCode) ? tree.All() : tree.Subtree(RequireUnit(tree, request.RootCode));
        var response = new Api.ListUnitsResponse
        {
            TotalSize = units.Count,
            NextPageToken = PageToken.Next(offset, size, units.Count),
        };
        response.Units.AddRange(units.Skip(offset).Take(size).Select(x => x.Unit.ToProto(tree.ParentCode(x.Unit), x.Depth)));
        return response;
    }

    // ---------- Frames and the ledger ----------

    public override async Task<Api.Frame> OpenFrame(Api.OpenFrameRequest request, ServerCallContext context)
    {
        var category = request.Category.ToDomain();
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(category is not null, "category", "Say whether the frame is the officials' or the elected members'.");
        BudgetFrame.ValidateWeights(request.MonthlyWeights, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);
        if (!unit.IsOpenIn(request.Year))
            throw new FailedPreconditionException($"Unit {unit.Code} is closed from {unit.ClosedFromYear}.");
        if (await db.Frames.AnyAsync(f => f.UnitId == unit.Id && f.Year == request.Year, context.CancellationToken))
            throw new AlreadyExistsException($"The {request.Year} frame of {unit.Code} is already open; change it with AdjustFrame.");

        var frame = new BudgetFrame
        {
            UnitId = unit.Id,
            Year = request.Year,
            Category = category!.Value,
            Opening = request.Opening.ToDomain(),
            MonthlyWeights = request.MonthlyWeights.Count == 12 ? request.MonthlyWeights.ToArray() : null,
        };
        db.Frames.Add(frame);
        db.Enqueue(new BudgetFrameOpened(Guid.NewGuid(), Tenant, Now, frame.ToState(unit.Code)));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Frame {Unit} {Year} opened with net {Net}", unit.Code, frame.Year, frame.Opening.Net);
        return frame.ToProto(unit.Code);
    }

    public override async Task<Api.Frame> GetFrame(Api.GetFrameRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        var frame = await RequireFrameAsync(unit, request.Year, context.CancellationToken);
        return frame.ToProto(unit.Code);
    }

    public override async Task<Api.Frame> AdjustFrame(Api.AdjustFrameRequest request, ServerCallContext context)
    {
        var kind = request.Kind.ToDomain();
        var change = request.Change.ToDomain();
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(!string.IsNullOrWhiteSpace(request.Etag), "etag", "Send the etag of the frame you read.");
        if (v.Check(kind is not null, "kind", "Say what kind of change this is."))
            v.Check(kind != AdjustmentKind.Transfer, "kind", "Transfers move amounts between two units: use TransferFrame.");
        v.Check(!change.IsZero || request.AmountIsEstimate, "change", "The change is zero in every column.");
        BudgetFrame.ValidateReason(request.Reason, request.CaseNumber, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        var frame = await RequireFrameAsync(unit, request.Year, context.CancellationToken);
        CheckEtag(request.Etag, frame.Version, $"the {frame.Year} frame of {unit.Code}");
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);

        var entry = frame.Adjust(kind!.Value, change, request.Reason.Trim(), NullIfEmpty(request.CaseNumber), User, Now, request.AmountIsEstimate);
        db.Ledger.Add(entry);
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), Tenant, Now, entry.ToData(unit.Code, frame.Year), frame.ToState(unit.Code)));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Frame {Unit} {Year} adjusted by {Net} ({Kind})", unit.Code, frame.Year, change.Net, entry.Kind);
        return frame.ToProto(unit.Code);
    }

    public override async Task<Api.TransferFrameResponse> TransferFrame(Api.TransferFrameRequest request, ServerCallContext context)
    {
        var change = request.Change.ToDomain();
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.FromUnitCode), "from_unit_code", "Say which unit gives.");
        v.Check(!string.IsNullOrWhiteSpace(request.ToUnitCode), "to_unit_code", "Say which unit receives.");
        v.Check(!string.Equals(request.FromUnitCode, request.ToUnitCode, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(request.ToUnitCode),
            "to_unit_code", "A transfer needs two different units.");
        CheckYear(request.Year, "year", v);
        v.Check(!string.IsNullOrWhiteSpace(request.FromEtag), "from_etag", "Send the etag of the giving unit's frame.");
        v.Check(!string.IsNullOrWhiteSpace(request.ToEtag), "to_etag", "Send the etag of the receiving unit's frame.");
        v.Check(!change.IsZero, "change", "The change is zero in every column.");
        BudgetFrame.ValidateReason(request.Reason, request.CaseNumber, v);
        v.ThrowIfAny();

        var tree = await LoadTreeAsync(context.CancellationToken);
        var from = RequireUnit(tree, request.FromUnitCode, "from_unit_code");
        var to = RequireUnit(tree, request.ToUnitCode, "to_unit_code");
        var fromFrame = await RequireFrameAsync(from, request.Year, context.CancellationToken);
        var toFrame = await RequireFrameAsync(to, request.Year, context.CancellationToken);
        CheckEtag(request.FromEtag, fromFrame.Version, $"the {request.Year} frame of {from.Code}");
        CheckEtag(request.ToEtag, toFrame.Version, $"the {request.Year} frame of {to.Code}");
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);

        // Both entries and both events commit together or not at all: the total never moves.
        var transferId = Guid.NewGuid();
        var reason = request.Reason.Trim();
        var caseNumber = NullIfEmpty(request.CaseNumber);
        var given = fromFrame.Adjust(AdjustmentKind.Transfer, -change, reason, caseNumber, User, Now, transferId: transferId, counterpartUnitCode: to.Code);
        var taken = toFrame.Adjust(AdjustmentKind.Transfer, change, reason, caseNumber, User, Now, transferId: transferId, counterpartUnitCode: from.Code);
        db.Ledger.AddRange(given, taken);
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), Tenant, Now, given.ToData(from.Code, request.Year), fromFrame.ToState(from.Code)));
        db.Enqueue(new BudgetFrameAdjusted(Guid.NewGuid(), Tenant, Now, taken.ToData(to.Code, request.Year), toFrame.ToState(to.Code)));
        await db.SaveChangesAsync(context.CancellationToken);
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
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
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
        var v = new Violations();
        var (offset, size) = PageToken.Read(request.PageToken, request.PageSize, DefaultPageSize, MaxPageSize, v);
        var (rows, total) = await FramesBySubtreeAsync(request, v, context.CancellationToken);
        var response = new Api.ListBudgetFramesResponse
        {
            TotalSize = rows.Count,
            NextPageToken = PageToken.Next(offset, size, rows.Count),
            Total = total.ToProto(),
        };
        response.Units.AddRange(rows.Skip(offset).Take(size));
        return response;
    }

    public override async Task StreamBudgetFrames(Api.ListBudgetFramesRequest request, IServerStreamWriter<Api.UnitFrame> responseStream, ServerCallContext context)
    {
        var (rows, _) = await FramesBySubtreeAsync(request, new Violations(), context.CancellationToken);
        foreach (var row in rows) await responseStream.WriteAsync(row, context.CancellationToken);
    }

    /// Every unit of the subtree with its own frame and the roll-up of everything below it.
    private async Task<(List<Api.UnitFrame> Rows, FrameAmounts Total)> FramesBySubtreeAsync(
        Api.ListBudgetFramesRequest request, Violations v, CancellationToken ct)
    {
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required (e.g. a division).");
        CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(ct);
        var root = RequireUnit(tree, request.UnitCode);
        var subtree = tree.Subtree(root);
        var frames = await LoadFramesAsync(subtree.Select(x => x.Unit.Id).ToList(), request.Year, ct);
        var rollup = tree.RollUp(root, u => frames.TryGetValue(u.Id, out var f) ? f.Current : FrameAmounts.Zero, (a, b) => a + b);
        var rows = subtree.Select(x =>
        {
            var row = new Api.UnitFrame { Unit = x.Unit.ToProto(tree.ParentCode(x.Unit), x.Depth), Rollup = rollup[x.Unit.Id].ToProto() };
            if (frames.TryGetValue(x.Unit.Id, out var frame)) row.Frame = frame.ToProto(x.Unit.Code);
            return row;
        }).ToList();
        return (rows, rollup[root.Id]);
    }

    public override async Task<Api.BudgetYear> CloseYear(Api.CloseYearRequest request, ServerCallContext context)
    {
        var v = new Violations();
        CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var year = await db.Years.SingleOrDefaultAsync(y => y.Year == request.Year, context.CancellationToken);
        if (year is { IsClosed: true })
            throw new FailedPreconditionException($"{request.Year} was already closed on {year.ClosedAt:yyyy-MM-dd} by {year.ClosedBy}.");
        if (year is null) db.Years.Add(year = new BudgetYear { Year = request.Year });
        year.ClosedAt = Now;
        year.ClosedBy = User;
        db.Enqueue(new BudgetYearClosed(Guid.NewGuid(), Tenant, Now, request.Year));
        await db.SaveChangesAsync(context.CancellationToken);
        return new Api.BudgetYear
        {
            Year = year.Year,
            Closed = true,
            ClosedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(year.ClosedAt.Value),
            ClosedBy = year.ClosedBy,
        };
    }

    // ---------- Financing and summary ----------

    public override async Task<Api.Financing> SetFinancing(Api.SetFinancingRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(request.Amounts is not null, "amounts", "The financing amounts are required.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireBody(tree, request.BodyCode, "body_code");
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);
        var financing = await UpsertFinancingAsync(body, request.Year, request.Amounts.ToDomain(), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        return new Api.Financing { BodyCode = body.Code, Year = request.Year, Amounts = financing.Amounts.ToProto() };
    }

    private async Task<Financing> UpsertFinancingAsync(OrgUnit body, int year, FinancingData amounts, CancellationToken ct)
    {
        var financing = await db.Financing.SingleOrDefaultAsync(f => f.BodyUnitId == body.Id && f.Year == year, ct);
        if (financing is null) db.Financing.Add(financing = new Financing { BodyUnitId = body.Id, Year = year, Amounts = amounts });
        else
        {
            financing.Amounts = amounts;
            financing.Version++;
        }
        db.Enqueue(new FinancingSet(Guid.NewGuid(), Tenant, Now, body.Code, year, amounts, financing.Version));
        return financing;
    }

    public override async Task<Api.BudgetSummary> GetBudgetSummary(Api.GetBudgetSummaryRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        CheckYear(request.Year, "year", v);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireUnit(tree, request.BodyCode, "body_code");
        var frames = await LoadFramesAsync(tree.Subtree(body).Select(x => x.Unit.Id).ToList(), request.Year, context.CancellationToken);
        var officials = FrameAmounts.Sum(frames.Values.Where(f => f.Category == FrameCategory.Officials).Select(f => f.Current));
        var elected = FrameAmounts.Sum(frames.Values.Where(f => f.Category == FrameCategory.ElectedMembers).Select(f => f.Current));
        var financing = (await db.Financing.AsNoTracking().SingleOrDefaultAsync(f => f.BodyUnitId == body.Id && f.Year == request.Year, context.CancellationToken))?.Amounts
            ?? new FinancingData(0, 0, 0, 0, 0);
        return new Api.BudgetSummary
        {
            BodyCode = body.Code,
            Year = request.Year,
            Officials = officials.ToProto(),
            ElectedMembers = elected.ToProto(),
            Financing = financing.ToProto(),
            TotalNetBudget = financing.Total + officials.Net + elected.Net,
        };
    }

    // ---------- Frame-table import ----------

    public override async Task<Api.FrameTableImport> ImportFrameTable(Api.ImportFrameTableRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(!string.IsNullOrWhiteSpace(request.Source), "source", "Say where the table comes from.");
        v.Check(request.Rows.Count > 0, "rows", "The table has no rows.");

        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = string.IsNullOrWhiteSpace(request.BodyCode) ? null : tree.Find(request.BodyCode);
        if (body is null && !string.IsNullOrWhiteSpace(request.BodyCode)) v.Add("body_code", $"Unknown unit '{request.BodyCode}'.");

        var units = new List<OrgUnit>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < request.Rows.Count; i++)
        {
            var row = request.Rows[i];
            var field = $"rows[{i}]";
            v.Check(!string.IsNullOrWhiteSpace(row.Label), $"{field}.label", "Give the label printed in the table.");
            v.Check(row.Category.ToDomain() is not null, $"{field}.category", "Say whether the row is the officials' or the elected members'.");
            v.Check(row.Amounts is not null, $"{field}.amounts", "The row has no amounts.");
            if (string.IsNullOrWhiteSpace(row.UnitCode)) { v.Add($"{field}.unit_code", "A unit code is required."); continue; }
            if (!seen.Add(row.UnitCode)) { v.Add($"{field}.unit_code", $"Unit '{row.UnitCode}' has two rows."); continue; }
            var unit = tree.Find(row.UnitCode);
            if (unit is null) { v.Add($"{field}.unit_code", $"Unknown unit '{row.UnitCode}'."); continue; }
            if (body is not null && !tree.IsInSubtree(unit, body)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is not under {body.Code}.");
            if (!unit.IsOpenIn(request.Year)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is closed from {unit.ClosedFromYear}.");
            units.Add(unit);
        }
        for (var i = 0; i < request.Totals.Count; i++)
        {
            v.Check(!string.IsNullOrWhiteSpace(request.Totals[i].Label), $"totals[{i}].label", "Give the label printed in the table.");
            v.Check(request.Totals[i].Category.ToDomain() is not null, $"totals[{i}].category", "Say which rows the total sums.");
            v.Check(request.Totals[i].Amounts is not null, $"totals[{i}].amounts", "The total has no amounts.");
        }
        if (units.Count > 0 && BudgetYear.IsValidYear(request.Year))
        {
            var ids = units.Select(u => u.Id).ToList();
            var open = await db.Frames.Where(f => f.Year == request.Year && ids.Contains(f.UnitId)).Select(f => f.UnitId).ToListAsync(context.CancellationToken);
            foreach (var id in open)
            {
                var index = request.Rows.ToList().FindIndex(r => string.Equals(r.UnitCode, tree.Find(id)!.Code, StringComparison.OrdinalIgnoreCase));
                v.Add($"rows[{index}].unit_code", $"The {request.Year} frame of {tree.Find(id)!.Code} is already open.");
            }
        }
        v.ThrowIfAny();
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);

        var printedRows = request.Rows.Select(r => new PrintedRow(r.Label, r.Category.ToDomain()!.Value, r.Amounts.ToDomain(), r.Amounts.Net)).ToList();
        var printedTotals = request.Totals.Select(t => new PrintedTotal(t.Label, t.Category.ToDomain()!.Value, t.Amounts.ToDomain(), t.Amounts.Net)).ToList();
        var financing = request.HasFinancing ? request.Financing.ToDomain() : null;
        var findings = FrameTableCheck.Check(printedRows, printedTotals, financing,
            request.HasFinancing ? request.Financing?.Total : null,
            request.HasStatedTotalNetBudget ? request.StatedTotalNetBudget : null);

        for (var i = 0; i < request.Rows.Count; i++)
        {
            var frame = new BudgetFrame { UnitId = units[i].Id, Year = request.Year, Category = printedRows[i].Category, Opening = printedRows[i].Columns };
            db.Frames.Add(frame);
            db.Enqueue(new BudgetFrameOpened(Guid.NewGuid(), Tenant, Now, frame.ToState(units[i].Code)));
        }
        if (financing is not null) await UpsertFinancingAsync(body!, request.Year, financing, context.CancellationToken);
        var import = new FrameTableImport
        {
            BodyUnitId = body!.Id,
            Year = request.Year,
            Source = request.Source.Trim(),
            Rows = request.Rows.Count,
            Findings = findings.ToList(),
            ImportedBy = User,
            ImportedAt = Now,
        };
        db.FrameTableImports.Add(import);
        db.Enqueue(new FrameTableImported(Guid.NewGuid(), Tenant, Now, import.Id, body.Code, request.Year, import.Source, findings));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Frame table for {Body} {Year} imported: {Rows} rows, {Findings} findings", body.Code, request.Year, import.Rows, findings.Count);
        return import.ToProto(body.Code);
    }

    public override async Task<Api.ListFrameTableImportsResponse> ListFrameTableImports(Api.ListFrameTableImportsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.BodyCode), "body_code", "A body code is required.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireUnit(tree, request.BodyCode, "body_code");
        var imports = await db.FrameTableImports.AsNoTracking()
            .Where(i => i.BodyUnitId == body.Id && (request.Year == 0 || i.Year == request.Year))
            .OrderBy(i => i.ImportedAt).ToListAsync(context.CancellationToken);
        var response = new Api.ListFrameTableImportsResponse();
        response.Imports.AddRange(imports.Select(i => i.ToProto(body.Code)));
        return response;
    }

    // ---------- Outcomes, forecasts, deviation ----------

    public override async Task<Api.RecordOutcomesResponse> RecordOutcomes(Api.RecordOutcomesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.RequestId) && request.RequestId.Length <= 100, "request_id", "A request id (at most 100 characters) is required, so a retry changes nothing.");
        v.Check(request.Lines.Count > 0, "lines", "The batch has no lines.");
        v.Check(request.Lines.Count <= MaxOutcomeLines, "lines", $"At most {MaxOutcomeLines} lines per batch.");
        v.ThrowIfAny();
        var previous = await db.OutcomeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.RequestId == request.RequestId, context.CancellationToken);
        if (previous is not null) return new Api.RecordOutcomesResponse { Recorded = previous.Lines, AlreadyRecorded = true };

        var tree = await LoadTreeAsync(context.CancellationToken);
        var keys = new HashSet<(Guid, int, int, BudgetColumn)>();
        var lines = new List<(OrgUnit Unit, int Year, int Month, BudgetColumn Column, long Amount)>();
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var field = $"lines[{i}]";
            var unit = string.IsNullOrWhiteSpace(line.UnitCode) ? null : tree.Find(line.UnitCode);
            if (string.IsNullOrWhiteSpace(line.UnitCode)) v.Add($"{field}.unit_code", "A unit code is required.");
            else if (unit is null) v.Add($"{field}.unit_code", $"Unknown unit '{line.UnitCode}'.");
            var yearOk = CheckYear(line.Year, $"{field}.year", v);
            var monthOk = v.Check(line.Month is >= 1 and <= 12, $"{field}.month", "A month from 1 to 12.");
            var column = line.Column.ToFrameColumn();
            v.Check(column is not null, $"{field}.column", "One of the seven frame columns.");
            if (unit is null || !yearOk || !monthOk || column is null) continue;
            if (!unit.IsOpenIn(line.Year)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is closed from {unit.ClosedFromYear}.");
            if (!keys.Add((unit.Id, line.Year, line.Month, column.Value)))
                v.Add(field, $"A second line for {unit.Code} {line.Year}-{line.Month:00} {column}.");
            lines.Add((unit, line.Year, line.Month, column.Value, line.Amount));
        }
        v.ThrowIfAny();
        foreach (var year in lines.Select(l => l.Year).Distinct()) await EnsureYearOpenAsync(year, context.CancellationToken);

        var unitIds = lines.Select(l => l.Unit.Id).Distinct().ToList();
        var years = lines.Select(l => l.Year).Distinct().ToList();
        var existing = (await db.Outcomes.Where(o => unitIds.Contains(o.UnitId) && years.Contains(o.Year)).ToListAsync(context.CancellationToken))
            .ToDictionary(o => (o.UnitId, o.Year, o.Month, o.Column));
        foreach (var l in lines)
        {
            if (existing.TryGetValue((l.Unit.Id, l.Year, l.Month, l.Column), out var outcome))
            {
                outcome.Amount = l.Amount;
                outcome.RequestId = request.RequestId;
                outcome.RecordedAt = Now;
            }
            else db.Outcomes.Add(new MonthlyOutcome { UnitId = l.Unit.Id, Year = l.Year, Month = l.Month, Column = l.Column, Amount = l.Amount, RequestId = request.RequestId, RecordedAt = Now });
        }
        db.OutcomeBatches.Add(new OutcomeBatch { RequestId = request.RequestId, Lines = lines.Count, RecordedAt = Now });
        db.Enqueue(new BudgetOutcomeRecorded(Guid.NewGuid(), Tenant, Now, request.RequestId,
            lines.Select(l => new BudgetOutcomeLine(l.Unit.Code, l.Year, l.Month, l.Column, l.Amount)).ToList()));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Outcome batch {RequestId}: {Lines} lines recorded", request.RequestId, lines.Count);
        return new Api.RecordOutcomesResponse { Recorded = lines.Count };
    }

    public override async Task<Api.Forecast> RecordForecast(Api.RecordForecastRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(request.Comment.Length <= 1000, "comment", "At most 1000 characters.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);
        var forecast = await db.Forecasts.SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.Year == request.Year, context.CancellationToken);
        if (forecast is null) db.Forecasts.Add(forecast = new Forecast { UnitId = unit.Id, Year = request.Year, RecordedBy = User });
        else forecast.Version++;
        forecast.Net = request.Net;
        forecast.Comment = NullIfEmpty(request.Comment);
        forecast.RecordedBy = User;
        forecast.RecordedAt = Now;
        db.Enqueue(new BudgetForecastRecorded(Guid.NewGuid(), Tenant, Now, unit.Code, request.Year, request.Net, forecast.Comment, forecast.Version));
        await db.SaveChangesAsync(context.CancellationToken);
        return forecast.ToProto(unit.Code);
    }

    public override async Task<Api.DeviationReport> GetDeviation(Api.GetDeviationRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(!string.IsNullOrWhiteSpace(request.UnitCode), "unit_code", "A unit code is required.");
        CheckYear(request.Year, "year", v);
        v.Check(request.ThroughMonth is >= 1 and <= 12, "through_month", "A month from 1 to 12.");
        v.ThrowIfAny();
        var ct = context.CancellationToken;
        var tree = await LoadTreeAsync(ct);
        var root = RequireUnit(tree, request.UnitCode);
        var subtree = tree.Subtree(root);
        var ids = subtree.Select(x => x.Unit.Id).ToList();
        var frames = await LoadFramesAsync(ids, request.Year, ct);
        var outcomes = (await db.Outcomes.AsNoTracking()
                .Where(o => ids.Contains(o.UnitId) && o.Year == request.Year && o.Month <= request.ThroughMonth)
                .GroupBy(o => new { o.UnitId, o.Column })
                .Select(g => new { g.Key.UnitId, g.Key.Column, Amount = g.Sum(o => o.Amount) })
                .ToListAsync(ct))
            .GroupBy(o => o.UnitId)
            .ToDictionary(g => g.Key, g => FrameAmounts.Sum(g.Select(o => FrameAmounts.Of(o.Column, o.Amount))));
        var forecasts = await db.Forecasts.AsNoTracking().Where(f => ids.Contains(f.UnitId) && f.Year == request.Year)
            .ToDictionaryAsync(f => f.UnitId, f => f.Net, ct);

        Deviation Own(OrgUnit u)
        {
            var annual = frames.TryGetValue(u.Id, out var f) ? f.Current : FrameAmounts.Zero;
            var period = f is null ? FrameAmounts.Zero : PeriodBudget.Through(annual, f.MonthlyWeights, request.ThroughMonth);
            return new Deviation(annual, period, outcomes.GetValueOrDefault(u.Id) ?? FrameAmounts.Zero, forecasts.TryGetValue(u.Id, out var fc) ? fc : null);
        }
        var rolled = tree.RollUp(root, Own, (a, b) => a + b);

        Api.DeviationRow Row(OrgUnit u, int depth)
        {
            var d = rolled[u.Id];
            return new Api.DeviationRow
            {
                Unit = u.ToProto(tree.ParentCode(u), depth),
                AnnualBudget = d.AnnualBudget.ToProto(),
                PeriodBudget = d.PeriodBudget.ToProto(),
                Outcome = d.Outcome.ToProto(),
                Deviation = d.Amount.ToProto(),
                HasForecast = d.ForecastNet is not null,
                ForecastNet = d.ForecastNet ?? 0,
                ForecastDeviation = d.ForecastDeviation ?? 0,
            };
        }
        var report = new Api.DeviationReport { Year = request.Year, ThroughMonth = request.ThroughMonth, Total = Row(root, 0) };
        if (request.IncludeSubtree)
            report.Rows.AddRange(subtree.Where(x => rolled[x.Unit.Id] != Deviation.None).Select(x => Row(x.Unit, x.Depth)));
        else report.Rows.Add(Row(root, 0));
        return report;
    }

    // ---------- Shared steps ----------

    private async Task<OrgTree> LoadTreeAsync(CancellationToken ct) => new(await db.Units.ToListAsync(ct));

    private static OrgUnit RequireUnit(OrgTree tree, string code, string field = "unit_code") =>
        tree.Find(code) ?? throw new NotFoundException($"Unit '{code}' does not exist ({field}).");

    private static OrgUnit RequireBody(OrgTree tree, string code, string field)
    {
        var unit = RequireUnit(tree, code, field);
        if (unit.Level is not (UnitLevel.Body or UnitLevel.Region))
            throw new ValidationFailedException([new FieldViolation(field, $"{unit.Code} is a {unit.Level}; financing belongs to a body.")]);
        return unit;
    }

    private async Task<BudgetFrame> RequireFrameAsync(OrgUnit unit, int year, CancellationToken ct) =>
        await db.Frames.Include(f => f.Entries).SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.Year == year, ct)
        ?? throw new NotFoundException($"Unit {unit.Code} has no frame for {year}; open one first.");

    private async Task<Dictionary<Guid, BudgetFrame>> LoadFramesAsync(List<Guid> unitIds, int year, CancellationToken ct) =>
        await db.Frames.AsNoTracking().Include(f => f.Entries)
            .Where(f => f.Year == year && unitIds.Contains(f.UnitId))
            .ToDictionaryAsync(f => f.UnitId, ct);

    private async Task EnsureYearOpenAsync(int year, CancellationToken ct)
    {
        var closed = await db.Years.AsNoTracking().SingleOrDefaultAsync(y => y.Year == year && y.ClosedAt != null, ct);
        if (closed is not null)
            throw new FailedPreconditionException($"The budget year {year} was closed on {closed.ClosedAt:yyyy-MM-dd}; it cannot change.");
    }

    private static bool CheckYear(int year, string field, Violations v) =>
        v.Check(BudgetYear.IsValidYear(year), field, $"A year between {BudgetYear.FirstYear} and {BudgetYear.LastYear}.");

    private static void CheckEtag(string etag, int version, string what)
    {
        if (string.IsNullOrEmpty(etag)) return;
        if (etag != version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new ConcurrencyConflictException($"{char.ToUpperInvariant(what[0])}{what[1..]} has changed since you read it (etag {etag}, now {version}); read it again.");
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
