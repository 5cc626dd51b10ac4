using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The findings of the body's calendar import for the year; the budget table's come with the budget
/// section (AddBudgetAsync), and the renderer lists both in one section.
public sealed partial class ReportBuilder
{
    static void AddCalendarFindings(Api.Report report, List<CalendarImportRow> imports)
    {
        report.CalendarFindings.AddRange(imports.SelectMany(i => i.Findings.Select(f => new Api.CalendarFinding
        {
            Source = i.Source,
            MeetingDate = f.MeetingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Item = f.Item, Kind = f.Kind, Stated = f.Stated, Actual = f.Actual, Message = f.Message,
        })));
    }
}
