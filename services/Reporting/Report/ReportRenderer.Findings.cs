using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// One section for what every import found contradicting in its own source: a budget table's stated
/// sums against their parts, a calendar item's text against its own dates and periods.
public static partial class ReportRenderer
{
    static void ImportFindings(List<Block> blocks, Api.Report r)
    {
        var budget = r.Budget?.Findings ?? [];
        var lines = budget.Select(f => new Row([f.Source, $"{f.Location}, {ColumnName(f.Column)}",
            $"angivet {Msek(f.Stated)}, summan av delarna {Msek(f.Computed)} (skillnad {Msek(f.Stated - f.Computed)})"])).ToList();
        if (lines.Count == 0) return;
        blocks.Add(new Heading(2, "Avvikelser i importerade underlag"));
        blocks.Add(new Paragraph($"Vid importen stämde {lines.Count} uppgifter inte med underlagets egna siffror eller datum. De har importerats som de publicerades och redovisas här:"));
        blocks.Add(new Table([new("Underlag"), new("Post"), new("Vad som inte stämmer")], lines));
    }
}
