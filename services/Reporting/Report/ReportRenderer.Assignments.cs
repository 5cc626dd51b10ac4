using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The section per assignment (uppdrag): its status beside the counts of the goals under it.
public static partial class ReportRenderer
{
    static void Assignments(List<Block> blocks, Api.Report r)
    {
        if (r.AssignmentLines.Count == 0) return;
        // In the plan's words ("Uppdrag och målen under dem", "Resultatmål och mätetalen under dem"); det/den, något/någon by gender.
        var (upper, lower) = (ReportVocabulary.Of(r).Assignments, ReportVocabulary.Of(r).Goals);
        var (it, any) = upper.CommonGender ? ("den", "någon") : ("det", "något");
        blocks.Add(new Heading(2, $"{upper.Plural.Capitalise()} och {lower.DefinitePlural} under dem"));
        var outside = r.Goals.Total - r.GoalsUnderAssignments;
        blocks.Add(new Paragraph(
            $"Varje {upper.Singular} med sin egen status och statusen för de {lower.Plural} som ligger under {it}." +
            $"{(r.GoalsUnderAssignments > 0 && outside > 0 ? $" {outside} av de {r.Goals.Total} {lower.DefinitePlural} ligger inte under {any} {upper.Singular}." : "")}"));
        blocks.Add(new Table([new(upper.Singular.Capitalise()), new("Status"), new(lower.Plural.Capitalise(), Numeric: true), .. StatusColumns().Skip(1)],
            r.AssignmentLines.Select(a => new Row([a.Name, new Cell(StatusWord(a.Status), a.Status), $"{a.Goals.Total}",
                $"{a.Goals.Green}", $"{a.Goals.Yellow}", $"{a.Goals.Red}", $"{a.Goals.NotMeasurable}"])).ToList()));
    }
}
