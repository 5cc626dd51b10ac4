using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The report's charts, each from figures the report already holds and each with those figures in
/// a table: goal status per area and its change since the previous period, and investment spending
/// against plan (here); budget deviation per unit and the year's outcome against period budget
/// month by month (ReportCharts.Budget.cs). A chart with nothing to show is left out.
public static partial class ReportCharts
{
    const int Width = 640;
    static readonly string[] Statuses = [ReportBuilder.Green, ReportBuilder.Yellow, ReportBuilder.Red, ReportBuilder.NotMeasurable];
    static readonly Dictionary<string, (string Word, string Fill, string? Edge, string TextFill)> Looks = new()
    {
        [ReportBuilder.Green] = ("gröna", SvgChart.Green, null, "#fff"),
        [ReportBuilder.Yellow] = ("gula", SvgChart.Yellow, SvgChart.YellowEdge, SvgChart.Ink),
        [ReportBuilder.Red] = ("röda", SvgChart.Red, null, "#fff"),
        [ReportBuilder.NotMeasurable] = ("ej mätbara", SvgChart.None, null, "#fff"),
    };

    /// Each area's goals by status as shares of its goals, then all goals now and in the previous period.
    public static IEnumerable<Chart> GoalStatus(Api.Report r, Period period)
    {
        var before = period.Previous().Year == period.Year ? period.Previous().ShortLabel() : period.Previous().Label();
        var rows = r.Areas.Select(a => (Label: a.UnitName, Counts: a.Goals)).ToList();
        if (r.Goals.Total > 0) rows.Add(($"Alla mål, {period.ShortLabel()}", r.Goals));
        if (r.Goals.Total > 0 && r.PreviousGoals.Total > 0) rows.Add(($"Alla mål, {before}", r.PreviousGoals));
        rows = rows.Where(x => x.Counts.Total > 0).ToList();
        if (rows.Count == 0) yield break;

        const double labelWidth = 210, barX = 220, barWidth = 340, rowHeight = 24, gap = 10, top = 40;
        var title = $"Målens status per område, {period.ShortLabel()}";
        var description = "Staplarna visar andelen gröna, gula, röda och ej mätbara mål i varje område och för alla mål. "
            + string.Join(" ", rows.Select(x => $"{x.Label}: {Counts(x.Counts)}."));
        var svg = new SvgChart("diagram-malstatus", title, description, Width, (int)(top + rows.Count * (rowHeight + gap) + 6));
        Legend(svg, 10);
        var y = top;
        foreach (var (label, c) in rows)
        {
            svg.Text(labelWidth, y + rowHeight / 2 + 4, SvgChart.Fit(label, 32), "end");
            var x = barX;
            foreach (var status in Statuses)
            {
                var n = CountOf(c, status);
                var w = barWidth * n / c.Total;
                var look = Looks[status];
                svg.Rect(x, y, w, rowHeight, look.Fill, look.Edge);
                if (n > 0 && w >= 16) svg.Text(x + w / 2, y + rowHeight / 2 + 4, $"{n}", "middle", look.TextFill, 11);
                x += w;
            }
            svg.Text(barX + barWidth + 8, y + rowHeight / 2 + 4, $"{c.Total} mål", fill: SvgChart.Muted);
            y += rowHeight + gap;
        }
        var table = new Table([new("Avser"), .. StatusColumns(), new("Totalt", true)],
            rows.Select(x => new Row([x.Label, .. Statuses.Select(s => new Cell($"{CountOf(x.Counts, s)}")), $"{x.Counts.Total}"])).ToList(), "Diagrammets siffror");
        yield return new Chart(title, description, svg.ToString(), table);
    }

    /// Per category: what has been spent so far against what was decided.
    public static IEnumerable<Chart> Investments(Api.Report r)
    {
        var rows = r.Investments.ByCategory.Where(i => i.Decided > 0 || i.Spent > 0).ToList();
        if (rows.Count == 0) yield break;
        const double labelWidth = 190, barX = 200, barWidth = 250, rowHeight = 22, gap = 12, top = 40;
        var max = rows.Max(i => Math.Max(i.Decided, i.Spent));
        var title = "Investeringar: förbrukat mot beslutat per kategori";
        var description = "Den ljusa stapeln är beslutat belopp, den mörka det som hittills förbrukats. "
            + string.Join(" ", rows.Select(i => $"{ReportRenderer.CategoryName(i.Key)}: {Ksek(i.Spent)} av {Ksek(i.Decided)} tkr{Share(i)}."));
        var svg = new SvgChart("diagram-investeringar", title, description, Width, (int)(top + rows.Count * (rowHeight + gap) + 4));
        svg.Rect(10, 8, 14, 12, SvgChart.Plan, SvgChart.None).Text(30, 18, "Beslutat").Rect(110, 8, 14, 12, SvgChart.Accent).Text(130, 18, "Förbrukat");
        var y = top;
        foreach (var i in rows)
        {
            svg.Text(labelWidth, y + rowHeight / 2 + 4, SvgChart.Fit(ReportRenderer.CategoryName(i.Key), 30), "end");
            svg.Rect(barX, y, barWidth * i.Decided / max, rowHeight, SvgChart.Plan, SvgChart.None);
            svg.Rect(barX, y + 5, barWidth * i.Spent / max, rowHeight - 10, SvgChart.Accent);
            svg.Text(barX + barWidth + 8, y + rowHeight / 2 + 4, $"{Ksek(i.Spent)} av {Ksek(i.Decided)} tkr{Share(i)}", fill: SvgChart.Muted, size: 11);
            y += rowHeight + gap;
        }
        var table = new Table([new("Kategori"), new("Beslutat (tkr)", true), new("Förbrukat (tkr)", true), new("Förbrukat av beslutat", true)],
            rows.Select(i => new Row([ReportRenderer.CategoryName(i.Key), Ksek(i.Decided), Ksek(i.Spent), i.Decided > 0 ? $"{Percent(i.Spent, i.Decided)} %" : "–"])).ToList(),
            "Diagrammets siffror");
        yield return new Chart(title, description, svg.ToString(), table);
    }

    static void Legend(SvgChart svg, double y)
    {
        var x = 10.0;
        foreach (var status in Statuses)
        {
            var word = Looks[status].Word;
            svg.StatusMark(x + 6, y + 8, status).Text(x + 16, y + 12, char.ToUpperInvariant(word[0]) + word[1..]);
            x += 30 + word.Length * 7;
        }
    }

    static Column[] StatusColumns() => ReportRenderer.StatusColumns().Skip(1).ToArray();

    static int CountOf(Api.StatusCounts c, string status) => status switch
    {
        ReportBuilder.Green => c.Green,
        ReportBuilder.Yellow => c.Yellow,
        ReportBuilder.Red => c.Red,
        _ => c.NotMeasurable,
    };

    static string Counts(Api.StatusCounts c) => string.Join(", ", Statuses.Select(s => $"{CountOf(c, s)} {Looks[s].Word}"));

    static string Share(Api.InvestmentLine i) => i.Decided > 0 ? $" ({Percent(i.Spent, i.Decided)} %)" : "";

    static string Percent(long part, long whole) => Math.Round(100m * part / whole, 0, MidpointRounding.AwayFromZero).ToString("0");
}
