using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using static Region.Reporting.ReadModel.ReadModelLimits;

namespace Region.Reporting.Events;

// The budget service's events: frames and their ledger, financing, outcomes, forecasts and
// imported frame tables. Its org-unit events feed the shared OrgUnitReplicaConsumer (see Program.cs).

public sealed class FrameOpenedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<BudgetFrameOpened>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(BudgetFrameOpened message, CancellationToken ct) =>
        IsFrame(message.Frame) ? UpsertFrameAsync(Db, message.Frame, ct) : Skip(message, "frame out of range");

    /// Both frame events carry the frame's whole state.
    internal static Task UpsertFrameAsync(ReportingDb db, FrameState frame, CancellationToken ct)
    {
        var code = Input.Code(frame.UnitCode);
        return db.Frames.UpsertAsync(
            f => f.UnitCode == code && f.Year == frame.Year,
            () => new FrameRow { UnitCode = code, Year = frame.Year },
            frame.Version, f =>
            {
                f.Category = frame.Category;
                f.OpeningNet = frame.Opening.Net;
                f.Current = frame.Current;
                f.MonthlyWeights = frame.MonthlyWeights?.ToArray();
            }, ct);
    }
}

public sealed class FrameAdjustedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<BudgetFrameAdjusted>(db, caller, changes, skipped, groups)
{
    protected override async Task ApplyAsync(BudgetFrameAdjusted message, CancellationToken ct)
    {
        var entry = message.Entry;
        if (!IsFrame(message.Frame) || !IsCode(entry.UnitCode) || !IsOptionalCode(entry.CounterpartUnitCode) || !AreAmounts(entry.Change))
        {
            await Skip(message, "frame or ledger entry out of range");
            return;
        }
        await FrameOpenedConsumer.UpsertFrameAsync(Db, message.Frame, ct);
        await Db.Ledger.AddOnceAsync(l => l.EntryId == entry.EntryId, () => new LedgerRow
        {
            EntryId = entry.EntryId, UnitCode = Input.Code(entry.UnitCode), Year = entry.Year, Kind = entry.Kind, Change = entry.Change.Net,
            Reason = entry.Reason, CaseNumber = entry.CaseNumber, ChangedAt = entry.ChangedAt,
            CounterpartUnitCode = Input.NullIfBlank(entry.CounterpartUnitCode) is { } counterpart ? Input.Code(counterpart) : null,
            AmountIsEstimate = entry.AmountIsEstimate,
            IncludedInOpening = entry.IncludedInOpening,
        }, ct);
    }
}

public sealed class FinancingSetConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<FinancingSet>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(FinancingSet message, CancellationToken ct)
    {
        if (!IsCode(message.BodyCode) || !AreAmounts(message.Financing)) return Skip(message, "financing out of range");
        var body = Input.Code(message.BodyCode);
        return Db.Financing.UpsertAsync(
            f => f.BodyCode == body && f.Year == message.Year,
            () => new FinancingRow { BodyCode = body, Year = message.Year },
            message.Version, f => f.Amounts = message.Financing, ct);
    }
}

public sealed class BudgetOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<BudgetOutcomeRecorded>(db, caller, changes, skipped, groups)
{
    /// Outcome lines carry no version: the time they were recorded is theirs, so an older batch
    /// arriving late never overwrites a newer value. The batch is written in one statement (of up
    /// to thousands of lines); of two lines for the same month and column the first counts. A line
    /// the read model cannot hold is skipped on its own; the rest of the batch applies.
    protected override async Task ApplyAsync(BudgetOutcomeRecorded message, CancellationToken ct)
    {
        var lines = message.Lines.Where(l => IsCode(l.UnitCode) && l.Month is >= 1 and <= 12 && IsFrameColumn(l.Column) && IsAmount(l.Amount)).ToList();
        if (lines.Count < message.Lines.Count)
            CountSkipped(message, "outcome line out of range", message.Lines.Count - lines.Count);
        var rows = lines
            .Select(l => new BudgetOutcomeRow
            {
                UnitCode = Input.Code(l.UnitCode), Year = l.Year, Month = l.Month, Column = l.Column.ToString(),
                Amount = l.Amount, RecordedAt = message.OccurredAt, Invented = message.Invented,
            });
        // The lines share one recorded time, so of two for the same month and column the first counts.
        await Db.BudgetOutcomes.UpsertManyAsync(o => new { o.UnitCode, o.Year, o.Month, o.Column }, rows,
            nameof(BudgetOutcomeRow.RecordedAt), ct);
    }
}

public sealed class ForecastConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<BudgetForecastRecorded>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(BudgetForecastRecorded message, CancellationToken ct)
    {
        if (!IsCode(message.UnitCode) || !IsAmount(message.Net)) return Skip(message, "forecast out of range");
        var unit = Input.Code(message.UnitCode);
        return Db.Forecasts.UpsertAsync(
            f => f.UnitCode == unit && f.Year == message.Year,
            () => new ForecastRow { UnitCode = unit, Year = message.Year },
            message.Version, f => (f.Net, f.Comment, f.Invented) = (message.Net, message.Comment, message.Invented), ct);
    }
}

public sealed class FrameTableImportedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<FrameTableImported>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(FrameTableImported message, CancellationToken ct)
    {
        if (!IsCode(message.BodyCode) || !message.Findings.All(f => IsAmount(f.Stated) && IsAmount(f.Computed)))
            return Skip(message, "import findings out of range");
        return Db.FrameTableImports.AddOnceAsync(
            i => i.ImportId == message.ImportId,
            () => new FrameTableImportRow
            {
                ImportId = message.ImportId, BodyCode = Input.Code(message.BodyCode), Year = message.Year, Source = message.Source,
                ImportedAt = message.OccurredAt, Findings = message.Findings.ToList(),
            }, ct);
    }
}
