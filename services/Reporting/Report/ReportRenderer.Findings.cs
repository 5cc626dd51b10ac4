using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// One section for what every import found contradicting in its own source: a budget table's stated
/// sums against their parts, a calendar title against its own item's period or meeting's days.
public static partial class ReportRenderer
{
    static void ImportFindings(List<Block> blocks, Api.Report r)
    {
        var lines = (r.Budget?.Findings ?? []).Select(f => new Row([f.Source, $"{f.Location}, {ColumnName(f.Column)}",
            $"angivet {Msek(f.Stated)}, summan av delarna {Msek(f.Computed)} (skillnad {Msek(f.Stated - f.Computed)})"])).ToList();
        lines.AddRange(r.CalendarFindings.Select(f => new Row([f.Source, $"Sammanträdet {SwedishDate(f.MeetingDate)}: {f.Item}", CalendarContradiction(f)])));
        if (lines.Count == 0) return;
        blocks.Add(new Heading(2, "Avvikelser i importerade underlag"));
        blocks.Add(new Paragraph($"Vid importen stämde {lines.Count} {(lines.Count == 1 ? "uppgift" : "uppgifter")} inte med underlagets egna siffror eller datum. "
            + "De har importerats som de publicerades och redovisas här:"));
        blocks.Add(new Table([new("Underlag"), new("Post"), new("Vad som inte stämmer")], lines));
    }

    static string CalendarContradiction(Api.CalendarFinding f) => f.Kind switch
    {
        "TitleYear" or "TitleMonth" when Period.TryParse(f.Actual) is { } period => $"rubriken anger {f.Stated}, men punkten avser {period.Label()}",
        "TitleDate" => $"rubriken anger {f.Stated}, men sammanträdet hålls {string.Join("–", f.Actual.Split('/').Select(DayOrAsSent))}",
        _ => $"rubriken anger {f.Stated}, uppgifterna {f.Actual}",
    };

    // The days come from another service's event: one that is no date is shown as sent, never thrown on.
    static string DayOrAsSent(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) ? SwedishDate(text) : text;
}
