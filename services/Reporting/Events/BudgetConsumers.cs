using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

public sealed class FrameOpenedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetFrameOpened>(db, caller, changes)
{
    protected override Task ApplyAsync(BudgetFrameOpened message, CancellationToken ct) => UpsertFrameAsync(message.Frame, ct);
}

public sealed class FrameAdjustedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetFrameAdjusted>(db, caller, changes)
{
    protected override async Task ApplyAsync(BudgetFrameAdjusted message, CancellationToken ct)
    {
        await UpsertFrameAsync(message.Frame, ct);
        var entry = message.Entry;
        // An entry never changes once written: its id is enough to apply it once.
        if (!await Db.Ledger.AnyAsync(l => l.EntryId == entry.EntryId, ct))
            Db.Ledger.Add(new LedgerRow
            {
                EntryId = entry.EntryId, UnitCode = entry.UnitCode, Year = entry.Year, Kind = entry.Kind, Change = entry.Change.Net,
                Reason = entry.Reason, CaseNumber = entry.CaseNumber, ChangedAt = entry.ChangedAt,
                CounterpartUnitCode = entry.CounterpartUnitCode, AmountIsEstimate = entry.AmountIsEstimate,
            });
    }
}

public sealed class FinancingSetConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<FinancingSet>(db, caller, changes)
{
    protected override Task ApplyAsync(FinancingSet message, CancellationToken ct) => UpsertAsync(Db.Financing,
        f => f.BodyCode == message.BodyCode && f.Year == message.Year,
        () => new FinancingRow { BodyCode = message.BodyCode, Year = message.Year, Amounts = message.Financing },
        message.Version, f => f.Amounts = message.Financing, ct);
}

public sealed class BudgetOutcomeConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetOutcomeRecorded>(db, caller, changes)
{
    /// Outcome lines carry no version: the time they were recorded decides, so an older batch
    /// arriving late never overwrites a newer value.
    protected override async Task ApplyAsync(BudgetOutcomeRecorded message, CancellationToken ct)
    {
        var units = message.Lines.Select(l => l.UnitCode).Distinct().ToList();
        var years = message.Lines.Select(l => l.Year).Distinct().ToList();
        var existing = (await Db.BudgetOutcomes.Where(o => units.Contains(o.UnitCode) && years.Contains(o.Year)).ToListAsync(ct))
            .ToDictionary(o => (o.UnitCode, o.Year, o.Month, o.Column));
        foreach (var line in message.Lines)
        {
            var column = line.Column.ToString();
            if (!existing.TryGetValue((line.UnitCode, line.Year, line.Month, column), out var row))
            {
                Db.BudgetOutcomes.Add(row = new BudgetOutcomeRow { UnitCode = line.UnitCode, Year = line.Year, Month = line.Month, Column = column });
                existing[(line.UnitCode, line.Year, line.Month, column)] = row;
            }
            else if (row.RecordedAt >= message.OccurredAt) continue;
            row.Amount = line.Amount;
            row.RecordedAt = message.OccurredAt;
        }
    }
}

public sealed class ForecastConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<BudgetForecastRecorded>(db, caller, changes)
{
    protected override Task ApplyAsync(BudgetForecastRecorded message, CancellationToken ct) => UpsertAsync(Db.Forecasts,
        f => f.UnitCode == message.UnitCode && f.Year == message.Year,
        () => new ForecastRow { UnitCode = message.UnitCode, Year = message.Year },
        message.Version, f => { f.Net = message.Net; f.Comment = message.Comment; }, ct);
}

public sealed class FrameTableImportedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : ReadModelConsumer<FrameTableImported>(db, caller, changes)
{
    protected override async Task ApplyAsync(FrameTableImported message, CancellationToken ct)
    {
        if (await Db.FrameTableImports.AnyAsync(i => i.ImportId == message.ImportId, ct)) return;
        Db.FrameTableImports.Add(new FrameTableImportRow
        {
            ImportId = message.ImportId, BodyCode = message.BodyCode, Year = message.Year, Source = message.Source,
            ImportedAt = message.OccurredAt, Findings = message.Findings.ToList(),
        });
    }
}
