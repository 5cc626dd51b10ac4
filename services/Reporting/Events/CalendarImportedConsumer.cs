using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Contracts.Periods;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using static Region.Reporting.ReadModel.ReadModelLimits;

namespace Region.Reporting.Events;

/// An imported meeting calendar's findings, for the report's section of every import's findings.
/// A calendar is imported once per body and year, so a snapshot's re-announcement finds its row.
public sealed class CalendarImportedConsumer(ReportingDb db, CallerContext caller, ReadModelChanges changes, SkippedEvents skipped, ReadModelGroups groups)
    : ReadModelConsumer<CalendarImported>(db, caller, changes, skipped, groups)
{
    protected override Task ApplyAsync(CalendarImported message, CancellationToken ct)
    {
        if (!IsCode(message.BodyCode) || !Period.IsValidYear(message.Year)) return Skip(message, "calendar import out of range");
        var body = Input.Code(message.BodyCode);
        return Db.CalendarImports.AddOnceAsync(
            i => i.BodyCode == body && i.Year == message.Year,
            () => new CalendarImportRow
            {
                BodyCode = body, Year = message.Year, Source = message.Source, ImportedAt = message.OccurredAt, Findings = message.Findings.ToList(),
            }, ct);
    }
}
