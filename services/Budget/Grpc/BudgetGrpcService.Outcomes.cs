using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Budget.Domain;
using Region.Budget.Events;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Data;
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
        var ct = context.CancellationToken;
        var v = new Violations();
        OutcomeLines.CheckBatch(request.RequestId, request.Lines.Count, v);
        if (request.Lines.Count > OutcomeLines.MaxLines) v.ThrowIfAny();
        var input = request.Lines.Select(l => new OutcomeLineInput(l.UnitCode, l.Year, l.Month, l.Column.ToFrameColumn(), l.Amount)).ToList();
        var hash = OutcomeLines.PayloadHash(input);
        var tree = await LoadTreeAsync(ct);
        // Before the retry answer too: a unit outside the caller's scope is refused, not "already
        // recorded". Unknown units are left to the line checks.
        RequireInScope(tree, input.Select(l => tree.Find(l.UnitCode)).OfType<OrgUnit>().Distinct());
        if (!v.Any && await RecordedBeforeAsync(request.RequestId, hash, ct) is { } again) return again;

        var lines = OutcomeLines.Check(input, tree, v);
        v.ThrowIfAny();
        var years = lines.Select(l => l.Year).Distinct().ToList();
        var unitIds = lines.Select(l => l.Unit.Id).Distinct().ToList();
        try
        {
            var response = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Retries of one batch wait here for each other, then find it recorded: without the
                // lock their inserts race, and whichever loses has to guess why.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({caller.Tenant}), hashtext({request.RequestId}))", ct);
                if (await RecordedBeforeAsync(request.RequestId, hash, ct) is { } again) return again;
                await LockOpenYearsAsync(years, ct);
                var stored = await db.Outcomes.Where(o => unitIds.Contains(o.UnitId) && years.Contains(o.Year)).ToListAsync(ct);
                OutcomeLines.CheckYearTotals(lines, stored, v);
                v.ThrowIfAny();
                // Months recorded again change their tracked rows; the new ones (the bulk of a batch) are only inserted.
                var added = OutcomeLines.Apply(lines, stored, request.RequestId, caller.Now);
                await db.InsertAsync(added, ct);
                db.OutcomeBatches.Add(new OutcomeBatch
                {
                    RequestId = request.RequestId, PayloadHash = hash, Lines = lines.Count, RecordedAt = caller.Now, Invented = request.Invented,
                });
                db.Enqueue(new BudgetOutcomeRecorded(Guid.NewGuid(), caller.Tenant, caller.Now, request.RequestId, lines.Select(l => l.ToData()).ToList(),
                    request.Invented));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                logger.LogInformation("Outcome batch {RequestId}: {Lines} lines recorded", request.RequestId, lines.Count);
                return new Api.RecordOutcomesResponse { Recorded = lines.Count };
            });
            return response;
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            // Another batch (another request id) recorded some of the same months first.
            throw new ConcurrencyConflictException("Another batch recorded some of the same months at the same time; send this one again.");
        }
    }

    /// The answer to a batch whose request id was recorded before: "already recorded" when it is
    /// the same batch, FAILED_PRECONDITION when the id is reused for other lines; null when new.
    private async Task<Api.RecordOutcomesResponse?> RecordedBeforeAsync(string requestId, string payloadHash, CancellationToken ct)
    {
        var previous = await db.OutcomeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.RequestId == requestId, ct);
        if (previous is null) return null;
        if (previous.PayloadHash is not null && previous.PayloadHash != payloadHash)
            throw new FailedPreconditionException(
                $"Request id {Input.Quote(requestId)} was used on {previous.RecordedAt:yyyy-MM-dd} for a batch with other lines; send new lines with a new request id.");
        return new Api.RecordOutcomesResponse { Recorded = previous.Lines, AlreadyRecorded = true };
    }

    public override async Task<Api.Forecast> RecordForecast(Api.RecordForecastRequest request, ServerCallContext context)
    {
        var v = CodeAndYear(request.UnitCode, request.Year);
        AmountChecks.Net(request.Net, "net", v);
        Input.CheckText(request.Comment, "comment", Forecast.MaxCommentLength, v, multiLine: true);
        v.ThrowIfAny();
        var tree = await LoadTreeAsync(context.CancellationToken);
        var unit = RequireUnit(tree, request.UnitCode);
        RequireInScope(tree, unit);
        if (!unit.IsOpenIn(request.Year))
            throw new FailedPreconditionException($"Unit {unit.Code} is closed from {unit.ClosedFromYear}.");
        var forecast = await db.Forecasts.SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.Year == request.Year, context.CancellationToken);
        if (forecast is null) db.Forecasts.Add(forecast = new Forecast { UnitId = unit.Id, Year = request.Year, RecordedBy = caller.User });
        else forecast.Version++;
        forecast.Net = request.Net;
        forecast.Comment = Input.NullIfBlank(request.Comment);
        forecast.RecordedBy = caller.User;
        forecast.RecordedAt = caller.Now;
        forecast.Invented = request.Invented;
        db.Enqueue(new BudgetForecastRecorded(Guid.NewGuid(), caller.Tenant, caller.Now, unit.Code, request.Year, request.Net, forecast.Comment, forecast.Version,
            forecast.Invented));
        try
        {
            await SaveInOpenYearsAsync([request.Year], context.CancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException($"A {request.Year} forecast of {unit.Code} was recorded by someone else at the same time; send yours again.");
        }
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
        if (subtree.All(x => rolled[x.Unit.Code] == Deviation.None)) report.YearsWithFrames.AddRange(await YearsWithFramesAsync(root.Code, ct));
        return report;
    }
}
