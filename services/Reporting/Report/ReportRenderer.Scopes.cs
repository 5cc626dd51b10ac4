using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// Goals measured per scope (a target per scope, "4,8 % (RJH) 4,8 % (RS)"): each scope's outcome
/// against its own target with its status word, under the goal's own status.
public static partial class ReportRenderer
{
    static void ScopedGoals(List<Block> blocks, Api.Report r)
    {
        if (r.ScopedGoals.Count == 0) return;
        blocks.Add(new Heading(2, "Mål med målvärde per nivå"));
        blocks.Add(new Paragraph("Varje nivå bedöms mot sitt eget målvärde. Målet är grönt när alla nivåer är gröna, rött när någon nivå är röd och annars gult; det räknas en gång, med den statusen."));
        foreach (var g in r.ScopedGoals)
        {
            blocks.Add(new Heading(3, $"{g.Name} ({StatusWord(g.Status).ToLowerInvariant()})", g.Status));
            blocks.Add(new Table([new("Nivå"), new("Utfall", Numeric: true), new("Målvärde"), new("Status")],
                g.Scopes.Select(s => new Row([s.Scope, WithUnit(s.Value, s.Unit), ScopeTarget(s), new Cell(StatusWord(s.Status), s.Status)])).ToList()));
        }
    }

    /// The outcome fact of a goal not achieved: per scope when it was recorded so ("RJH 5,1 % (gul), RS 4,2 % (grön)").
    static string OutcomeFact(Api.GoalLine g) => g.Scopes.Count > 0
        ? "Utfall: " + string.Join(", ", g.Scopes.Select(s => $"{s.Scope} {WithUnit(s.Value, s.Unit)} ({StatusWord(s.Status).ToLowerInvariant()})"))
        : g.HasOutcome ? $"Utfall: {Number(g.OutcomeTotal)}" : "Utfall: saknas för perioden";

    static string ScopeTarget(Api.ScopeLine s) => !s.HasTarget ? "saknas i målet"
        : $"{(s.Bound == "AtMost" ? "högst" : "minst")} {WithUnit(s.Target, s.Unit)}";

    static string WithUnit(double value, string unit) => unit.Length > 0 ? $"{Number(value)} {unit}" : Number(value);
}
