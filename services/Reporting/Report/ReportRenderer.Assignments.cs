using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The section per assignment (uppdrag): its status beside the counts of the goals under it.
public static partial class ReportRenderer
{
    static void Assignments(List<Block> blocks, Api.Report r)
    {
        if (r.AssignmentLines.Count == 0) return;
        blocks.Add(new Heading(2, "Uppdrag och målen under dem"));
        var outside = r.Goals.Total - r.GoalsUnderAssignments;
        blocks.Add(new Paragraph(
            $"Varje uppdrag med sin egen status och statusen för de mål som ligger under det.{(r.GoalsUnderAssignments > 0 && outside > 0 ? $" {outside} av de {r.Goals.Total} målen ligger inte under något uppdrag." : "")}"));
        blocks.Add(new Table([new("Uppdrag"), new("Status"), new("Mål", Numeric: true), .. StatusColumns().Skip(1)],
            r.AssignmentLines.Select(a => new Row([a.Name, new Cell(StatusWord(a.Status), a.Status), $"{a.Goals.Total}",
                $"{a.Goals.Green}", $"{a.Goals.Yellow}", $"{a.Goals.Red}", $"{a.Goals.NotMeasurable}"])).ToList()));
    }
}
