using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Events;
using Region.ServiceDefaults.Data;
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
        var ct = context.CancellationToken;
        var v = new Violations();
        var bodyOk = OrgUnit.CheckCode(request.BodyCode, "body_code", v);
        var yearOk = Input.CheckYear(request.Year, "year", v);
        if (string.IsNullOrWhiteSpace(request.Source)) v.Add("source", "Say where the table comes from.");
        else Input.CheckText(request.Source, "source", FrameTableImport.MaxSourceLength, v);
        v.Check(request.Rows.Count > 0, "rows", "The table has no rows.");
        FrameTableRows.CheckAmounts(
            request.Rows.Select(r => (r.Amounts.ToDomain(), r.Amounts?.Net ?? 0)).ToList(),
            request.Totals.Select(t => (t.Amounts.ToDomain(), t.Amounts?.Net ?? 0)).ToList(), v);
        if (request.HasFinancing)
        {
            AmountChecks.Financing(request.Financing.ToDomain(), "financing", v);
            AmountChecks.Net(request.Financing?.Total ?? 0, "financing.total", v);
        }
        if (request.HasStatedTotalNetBudget) AmountChecks.Net(request.StatedTotalNetBudget, "stated_total_net_budget", v);

        var tree = await LoadTreeAsync(ct);
        var body = bodyOk ? tree.Find(request.BodyCode) : null;
        if (body is null && bodyOk) v.Add("body_code", $"Unknown unit {Input.Quote(request.BodyCode)}.");
        if (body is not null && request.HasFinancing)
            v.Check(body.CanHaveFinancing, "financing", $"{body.Code} is a {body.Level}; financing belongs to a body.");
        var units = FrameTableRows.Check(
            request.Rows.Select(r => new FrameTableRowInput(r.UnitCode, r.Label, r.Category.ToDomain(), r.Amounts is not null)).ToList(),
            request.Totals.Select(t => new FrameTableTotalInput(t.Label, t.Category.ToDomain(), t.Amounts is not null)).ToList(),
            tree, body, request.Year, v);
        var ids = units.OfType<OrgUnit>().Select(u => u.Id).ToList();
        if (ids.Count > 0 && yearOk)
        {
            var withFrame = await db.Frames.Where(f => f.Year == request.Year && ids.Contains(f.UnitId)).Select(f => f.UnitId).ToListAsync(ct);
            FrameTableRows.CheckNoneOpen(units, withFrame.ToHashSet(), request.Year, v);
        }
        v.ThrowIfAny();

        var printedRows = request.Rows.Select(r => new PrintedRow(r.Label, r.Category.ToDomain()!.Value, r.Amounts.ToDomain(), r.Amounts.Net)).ToList();
        var printedTotals = request.Totals.Select(t => new PrintedTotal(t.Label, t.Category.ToDomain()!.Value, t.Amounts.ToDomain(), t.Amounts.Net)).ToList();
        var financing = request.HasFinancing ? request.Financing.ToDomain() : null;
        var findings = FrameTableCheck.Check(printedRows, printedTotals, financing,
            request.HasFinancing ? request.Financing?.Total : null,
            request.HasStatedTotalNetBudget ? request.StatedTotalNetBudget : null);

        // The frames and their events are only inserted: one COPY each (BulkInsert), not tracked entities.
        var frames = new List<BudgetFrame>(printedRows.Count);
        var opened = new List<object>(printedRows.Count);
        for (var i = 0; i < printedRows.Count; i++)
        {
            var frame = new BudgetFrame { UnitId = units[i]!.Id, Year = request.Year, Category = printedRows[i].Category, Opening = printedRows[i].Columns };
            frames.Add(frame);
            opened.Add(new BudgetFrameOpened(Guid.NewGuid(), caller.Tenant, caller.Now, frame.ToState(units[i]!.Code)));
        }
        if (financing is not null) await UpsertFinancingAsync(body!, request.Year, financing, ct);
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
        try
        {
            await SaveInOpenYearsAsync([request.Year], ct, async () =>
            {
                await db.InsertAsync(frames, ct);
                await db.EnqueueAllAsync(opened, ct);
            });
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException($"Frames of {request.Year} were opened by someone else at the same time; read them and send the table again.");
        }
        // The frames went in by COPY, which the commit interceptor does not see (it moves the keys of
        // tracked entities): move the year's frames here, so this instance's next read shows them
        // without waiting for the database's notification.
        changes.Moved(BudgetChanges.Frames(caller.Tenant, request.Year));
        logger.LogInformation("Frame table for {Body} {Year} imported: {Rows} rows, {Findings} findings", body.Code, request.Year, import.Rows, findings.Count);
        return import.ToProto(body.Code);
    }

    public override async Task<Api.ListFrameTableImportsResponse> ListFrameTableImports(Api.ListFrameTableImportsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        OrgUnit.CheckCode(request.BodyCode, "body_code", v);
        v.Check(request.Year == 0 || Input.IsValidYear(request.Year), "year", $"0 for every year, or a year between {Input.FirstYear} and {Input.LastYear}.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var body = RequireUnit(tree, request.BodyCode);
        var imports = await db.FrameTableImports.AsNoTracking()
            .Where(i => i.BodyUnitId == body.Id && (request.Year == 0 || i.Year == request.Year))
            .OrderBy(i => i.ImportedAt).ToListAsync(context.CancellationToken);
        var response = new Api.ListFrameTableImportsResponse();
        response.Imports.AddRange(imports.Select(i => i.ToProto(body.Code)));
        return response;
    }
}
