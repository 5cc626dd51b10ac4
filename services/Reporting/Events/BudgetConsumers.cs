using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

// The budget service's events: frames and their ledger, financing, outcomes, forecasts and
// imported frame tables. Its org-unit events feed the shared OrgUnitReplicaConsumer (see Program.cs).

public sealed class FrameOpenedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetFrameOpened>(db, caller, changes)
{
    protected override Task ApplyAsync(BudgetFrameOpened message, CancellationToken ct) => UpsertFrameAsync(Db, message.Frame, ct);

    /// Both frame events carry the frame's whole state.
    internal static Task UpsertFrameAsync(ReportingDb db, FrameState frame, CancellationToken ct) => db.Frames.UpsertAsync(
        f => f.UnitCode == frame.UnitCode && f.Year == frame.Year,
        () => new FrameRow { UnitCode = frame.UnitCode, Year = frame.Year },
        frame.Version, f =>
        {
            f.Category = frame.Category;
            f.OpeningNet = frame.Opening.Net;
            f.Current = frame.Current;
            f.MonthlyWeights = frame.MonthlyWeights?.ToArray();
        }, ct);
}

public sealed class FrameAdjustedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetFrameAdjusted>(db, caller, changes)
{
    protected override async Task ApplyAsync(BudgetFrameAdjusted message, CancellationToken ct)
    {
        await FrameOpenedConsumer.UpsertFrameAsync(Db, message.Frame, ct);
        var entry = message.Entry;
        await Db.Ledger.AddOnceAsync(l => l.EntryId == entry.EntryId, () => new LedgerRow
        {
            EntryId = entry.EntryId, UnitCode = entry.UnitCode, Year = entry.Year, Kind = entry.Kind, Change = entry.Change.Net,
            Reason = entry.Reason, CaseNumber = entry.CaseNumber, ChangedAt = entry.ChangedAt,
            CounterpartUnitCode = entry.CounterpartUnitCode, AmountIsEstimate = entry.AmountIsEstimate,
        }, ct);
    }
}

public sealed class FinancingSetConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<FinancingSet>(db, caller, changes)
{
    protected override Task ApplyAsync(FinancingSet message, CancellationToken ct) => Db.Financing.UpsertAsync(
        f => f.BodyCode == message.BodyCode && f.Year == message.Year,
        () => new FinancingRow { BodyCode = message.BodyCode, Year = message.Year },
        message.Version, f => f.Amounts = message.Financing, ct);
}

public sealed class BudgetOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetOutcomeRecorded>(db, caller, changes)
{
    /// Outcome lines carry no version: the time they were recorded is theirs, so an older batch
    /// arriving late never overwrites a newer value. The batch's rows are loaded in one query.
    protected override async Task ApplyAsync(BudgetOutcomeRecorded message, CancellationToken ct)
    {
        var units = message.Lines.Select(l => l.UnitCode).Distinct().ToList();
        var years = message.Lines.Select(l => l.Year).Distinct().ToList();
        var existing = (await Db.BudgetOutcomes.Where(o => units.Contains(o.UnitCode) && years.Contains(o.Year)).ToListAsync(ct))
            .ToDictionary(o => (o.UnitCode, o.Year, o.Month, o.Column));
        foreach (var line in message.Lines)
        {
            var column = line.Column.ToString();
            var key = (line.UnitCode, line.Year, line.Month, column);
            if (!existing.TryGetValue(key, out var row))
            {
                row = new BudgetOutcomeRow { UnitCode = line.UnitCode, Year = line.Year, Month = line.Month, Column = column };
                Db.BudgetOutcomes.Add(row);
                existing[key] = row; // a later line of the batch for the same month finds it
            }
            else if (!VersionedUpsert.IsNewer(message.OccurredAt, row.RecordedAt)) continue;
            row.Amount = line.Amount;
            row.RecordedAt = message.OccurredAt;
        }
    }
}

public sealed class ForecastConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetForecastRecorded>(db, caller, changes)
{
    protected override Task ApplyAsync(BudgetForecastRecorded message, CancellationToken ct) => Db.Forecasts.UpsertAsync(
        f => f.UnitCode == message.UnitCode && f.Year == message.Year,
        () => new ForecastRow { UnitCode = message.UnitCode, Year = message.Year },
        message.Version, f => (f.Net, f.Comment) = (message.Net, message.Comment), ct);
}

public sealed class FrameTableImportedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<FrameTableImported>(db, caller, changes)
{
    protected override Task ApplyAsync(FrameTableImported message, CancellationToken ct) => Db.FrameTableImports.AddOnceAsync(
        i => i.ImportId == message.ImportId,
        () => new FrameTableImportRow
        {
            ImportId = message.ImportId, BodyCode = message.BodyCode, Year = message.Year, Source = message.Source,
            ImportedAt = message.OccurredAt, Findings = message.Findings.ToList(),
        }, ct);
}
