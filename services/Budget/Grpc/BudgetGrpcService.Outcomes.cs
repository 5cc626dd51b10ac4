using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Region.ServiceDefaults.Requests;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// Monthly outcomes (utfall) from the ledger system, full-year forecasts (prognos) and the
/// deviation (budgetavvikelse) of a unit and its subtree.
public sealed partial class BudgetGrpcService
{
    public override async Task<Api.RecordOutcomesResponse> RecordOutcomes(Api.RecordOutcomesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        OutcomeLines.CheckBatch(request.RequestId, request.Lines.Count, v);
        v.ThrowIfAny();
        var previous = await db.OutcomeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.RequestId == request.RequestId, context.CancellationToken);
        if (previous is not null) return new Api.RecordOutcomesResponse { Recorded = previous.Lines, AlreadyRecorded = true };

        var tree = await LoadTreeAsync(context.CancellationToken);
        var lines = OutcomeLines.Check(
            request.Lines.Select(l => new OutcomeLineInput(l.UnitCode, l.Year, l.Month, l.Column.ToFrameColumn(), l.Amount)).ToList(), tree, v);
        v.ThrowIfAny();
        var years = lines.Select(l => l.Year).Distinct().ToList();
        foreach (var year in years) await EnsureYearOpenAsync(year, context.CancellationToken);

        var unitIds = lines.Select(l => l.Unit.Id).Distinct().ToList();
        var stored = await db.Outcomes.Where(o => unitIds.Contains(o.UnitId) && years.Contains(o.Year)).ToListAsync(context.CancellationToken);
        db.Outcomes.AddRange(OutcomeLines.Apply(lines, stored, request.RequestId, caller.Now));
        db.OutcomeBatches.Add(new OutcomeBatch { RequestId = request.RequestId, Lines = lines.Count, RecordedAt = caller.Now });
        db.Enqueue(new BudgetOutcomeRecorded(Guid.NewGuid(), caller.Tenant, caller.Now, request.RequestId, lines.Select(l => l.ToData()).ToList()));
        await db.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("Outcome batch {RequestId}: {Lines} lines recorded", request.RequestId, lines.Count);
        return new Api.RecordOutcomesResponse { Recorded = lines.Count };
    }

    public override async Task<Api.Forecast> RecordForecast(Api.RecordForecastRequest request, ServerCallContext context)
    {
        var v = CodeAndYear(request.UnitCode, request.Year);
        v.Check(request.Comment.Length <= 1000, "comment", "At most 1000 characters.");
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        await EnsureYearOpenAsync(request.Year, context.CancellationToken);
        var forecast = await db.Forecasts.SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.Year == request.Year, context.CancellationToken);
        if (forecast is null) db.Forecasts.Add(forecast = new Forecast { UnitId = unit.Id, Year = request.Year, RecordedBy = caller.User });
        else forecast.Version++;
        forecast.Net = request.Net;
        forecast.Comment = Input.NullIfBlank(request.Comment);
        forecast.RecordedBy = caller.User;
        forecast.RecordedAt = caller.Now;
        db.Enqueue(new BudgetForecastRecorded(Guid.NewGuid(), caller.Tenant, caller.Now, unit.Code, request.Year, request.Net, forecast.Comment, forecast.Version));
        await db.SaveChangesAsync(context.CancellationToken);
        return forecast.ToProto(unit.Code);
    }

    public override async Task<Api.DeviationReport> GetDeviation(Api.GetDeviationRequest request, ServerCallContext context)
    {
        var v = CodeAndYear(request.UnitCode, request.Year);
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
        var rolled = UnitDeviations.RollUp(tree, root, request.ThroughMonth, frames, outcomes, forecasts);

        Api.DeviationRow Row(OrgUnit u, int depth) => rolled[u.Code].ToProto(u.ToProto(tree.ParentCode(u), depth));
        var report = new Api.DeviationReport { Year = request.Year, ThroughMonth = request.ThroughMonth, Total = Row(root, 0) };
        if (request.IncludeSubtree)
            report.Rows.AddRange(subtree.Where(x => rolled[x.Unit.Code] != Deviation.None).Select(x => Row(x.Unit, x.Depth)));
        else report.Rows.Add(Row(root, 0));
        return report;
    }
}
