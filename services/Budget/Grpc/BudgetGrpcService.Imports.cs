using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// The import of a published frame table ("Budgetramar per område"): it opens the rows' frames,
/// sets the financing and keeps the findings where the printed sums disagree.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.FrameTableImport> ImportFrameTable(Api.ImportFrameTableRequest request, ServerCallContext context)
    {
        var v = CodeAndYear(request.BodyCode, request.Year, "body_code", "A body code is required.");
        v.Check(!string.IsNullOrWhiteSpace(request.Source), "source", "Say where the table comes from.");
        v.Check(request.Rows.Count > 0, "rows", "The table has no rows.");

        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = string.IsNullOrWhiteSpace(request.BodyCode) ? null : tree.Find(request.BodyCode);
        if (body is null && !string.IsNullOrWhiteSpace(request.BodyCode)) v.Add("body_code", $"Unknown unit '{request.BodyCode}'.");
        var units = FrameTableRows.Check(
            request.Rows.Select(r => new FrameTableRowInput(r.UnitCode, r.Label, r.Category.ToDomain(), r.Amounts is not null)).ToList(),
            request.Totals.Select(t => new FrameTableTotalInput(t.Label, t.Category.ToDomain(), t.Amounts is not null)).ToList(),
            tree, body, request.Year, v);
        var ids = units.OfType<OrgUnit>().Select(u => u.Id).ToList();
        if (ids.Count > 0 && Input.IsValidYear(request.Year))
        {
            var withFrame = await db.Frames.Where(f => f.Year == request.Year && ids.Contains(f.UnitId)).Select(f => f.UnitId).ToListAsync(context.CancellationToken);
            FrameTableRows.CheckNoneOpen(units, withFrame.ToHashSet(), request.Year, v);
        }
        v.ThrowIfAny();
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);

        var printedRows = request.Rows.Select(r => new PrintedRow(r.Label, r.Category.ToDomain()!.Value, r.Amounts.ToDomain(), r.Amounts.Net)).ToList();
        var printedTotals = request.Totals.Select(t => new PrintedTotal(t.Label, t.Category.ToDomain()!.Value, t.Amounts.ToDomain(), t.Amounts.Net)).ToList();
        var financing = request.HasFinancing ? request.Financing.ToDomain() : null;
        var findings = FrameTableCheck.Check(printedRows, printedTotals, financing,
            request.HasFinancing ? request.Financing?.Total : null,
            request.HasStatedTotalNetBudget ? request.StatedTotalNetBudget : null);

        for (var i = 0; i < printedRows.Count; i++)
        {
            var frame = new BudgetFrame { UnitId = units[i]!.Id, Year = request.Year, Category = printedRows[i].Category, Opening = printedRows[i].Columns };
            db.Frames.Add(frame);
            db.Enqueue(new BudgetFrameOpened(Guid.NewGuid(), caller.Tenant, caller.Now, frame.ToState(units[i]!.Code)));
        }
        if (financing is not null) await UpsertFinancingAsync(body!, request.Year, financing, context.CancellationToken);
        var import = new FrameTableImport
        {
            BodyUnitId = body!.Id,
            Year = request.Year,
            Source = request.Source.Trim(),
            Rows = request.Rows.Count,
            Findings = findings.ToList(),
            ImportedBy = caller.User,
            ImportedAt = caller.Now,
        };
        db.FrameTableImports.Add(import);
        db.Enqueue(new FrameTableImported(Guid.NewGuid(), caller.Tenant, caller.Now, import.Id, body.Code, request.Year, import.Source, findings));
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
}
