using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The budget's charts: the deviation per unit (bars from zero, negative in red) and the year so
/// far month by month (outcome against period budget, both accumulated from January).
public static partial class ReportCharts
{
    /// Units deeper than this under the body are left out of the bar chart: the table has them.
    const int DeviationDepth = 2;
    const int MaxDeviationBars = 24;

    public static IEnumerable<Chart> Budget(Api.Report r, Period period)
    {
        if (r.Budget is null) yield break;
        if (Deviations(r, period) is { } deviations) yield return deviations;
        if (Months(r, period) is { } months) yield return months;
    }

    static Chart? Deviations(Api.Report r, Period period)
    {
        var rows = r.Budget.Rows.Where(b => b.Depth <= DeviationDepth).Take(MaxDeviationBars).ToList();
        if (rows.Count == 0) return null;
        // Room left of the bars for the largest negative figure, so it never runs into the unit names.
        const double labelWidth = 220, barX = 282, barWidth = 300, rowHeight = 20, gap = 8, top = 14;
        var low = Math.Min(0, rows.Min(b => b.Deviation));
        var high = Math.Max(0, rows.Max(b => b.Deviation));
        var span = Math.Max(high - low, 1);
        double X(long amount) => barX + barWidth * (double)(amount - low) / span;
        var title = $"Budgetavvikelse per enhet, januari–{period.MonthName()}";
        var description = "Avvikelse = utfall − periodens budget i miljoner kronor; staplar åt vänster (röda) är underskott, åt höger (gröna) överskott. "
            + string.Join(" ", rows.Select(b => $"{b.UnitName}: {Msek(b.Deviation)}."));
        var svg = new SvgChart("diagram-budgetavvikelse", title, description, Width, (int)(top + rows.Count * (rowHeight + gap) + 10));
        var y = top;
        foreach (var b in rows)
        {
            svg.Text(labelWidth - 12 * (DeviationDepth - b.Depth), y + rowHeight / 2 + 4, SvgChart.Fit(b.UnitName, 30 - 2 * b.Depth), "end", size: 11.5, bold: b.Depth == 0);
            var (from, to) = (X(Math.Min(0, b.Deviation)), X(Math.Max(0, b.Deviation)));
            svg.Rect(from, y, to - from, rowHeight, b.Deviation < 0 ? SvgChart.Red : SvgChart.Green);
            var outside = b.Deviation < 0 ? from - 4 : to + 4;
            svg.Text(outside, y + rowHeight / 2 + 4, Msek(b.Deviation), b.Deviation < 0 ? "end" : "start", SvgChart.Muted, 11);
            y += rowHeight + gap;
        }
        svg.Line(X(0), top - 6, X(0), y - gap + 6, SvgChart.Ink, 1.5);
        var table = new Table([new("Enhet"), new("Avvikelse (mnkr)", true)],
            rows.Select(b => new Row([new Cell(b.UnitName, Indent: b.Depth), Msek(b.Deviation)])).ToList(), "Diagrammets siffror");
        return new Chart(title, description, svg.ToString(), table);
    }

    static Chart? Months(Api.Report r, Period period)
    {
        var months = r.Budget.Months.OrderBy(m => m.Month).ToList();
        if (months.Count == 0) return null;
        const double left = 70, right = 620, top = 36, bottom = 230;
        var values = months.SelectMany(m => new[] { m.PeriodBudget, m.Outcome }).Append(0).ToList();
        var (low, high, step) = Ticks(values.Min(), values.Max());
        double X(int month) => months.Count == 1 ? (left + right) / 2 : left + (right - left) * (month - months[0].Month) / (months[^1].Month - months[0].Month);
        double Y(long amount) => bottom - (bottom - top) * (double)(amount - low) / (high - low);
        var last = months[^1];
        var title = $"Utfall mot periodens budget, ackumulerat januari–{period.MonthName()}";
        var description = $"Linjerna visar periodens budget (streckad) och utfallet (heldragen) ackumulerat från januari, i miljoner kronor. "
            + $"Per {ReportPeriods.MonthNameOf(last.Month)} är utfallet {Msek(last.Outcome)} mot budgeten {Msek(last.PeriodBudget)}, en avvikelse på {Msek(last.Outcome - last.PeriodBudget)}.";
        var svg = new SvgChart("diagram-manader", title, description, Width, 262);
        svg.Line(10, 14, 34, 14, SvgChart.Accent, 2.5, "6 4").Rect(18, 10, 8, 8, SvgChart.Accent).Text(40, 18, "Periodens budget")
            .Line(170, 14, 194, 14, SvgChart.Ink, 2.5).Circle(182, 14, 4, SvgChart.Ink).Text(200, 18, "Utfall");
        for (var tick = low; tick <= high; tick += step)
            svg.Line(left, Y(tick), right, Y(tick), tick == 0 ? SvgChart.Ink : "#d5dbe2", tick == 0 ? 1.5 : 1).Text(left - 6, Y(tick) + 4, Msek(tick), "end", SvgChart.Muted, 11);
        foreach (var m in months) svg.Text(X(m.Month), bottom + 18, ReportPeriods.MonthNameOf(m.Month)[..3], "middle", SvgChart.Muted, 11);
        svg.Polyline(months.Select(m => (X(m.Month), Y(m.PeriodBudget))), SvgChart.Accent, "6 4");
        foreach (var m in months) svg.Rect(X(m.Month) - 4, Y(m.PeriodBudget) - 4, 8, 8, SvgChart.Accent);
        svg.Polyline(months.Select(m => (X(m.Month), Y(m.Outcome))), SvgChart.Ink);
        foreach (var m in months) svg.Circle(X(m.Month), Y(m.Outcome), 4, SvgChart.Ink);
        var table = new Table([new("Månad"), new("Periodens budget (mnkr)", true), new("Utfall (mnkr)", true), new("Avvikelse (mnkr)", true)],
            months.Select(m => new Row([ReportPeriods.MonthNameOf(m.Month), Msek(m.PeriodBudget), Msek(m.Outcome), Msek(m.Outcome - m.PeriodBudget)])).ToList(),
            "Diagrammets siffror, ackumulerat från januari");
        return new Chart(title, description, svg.ToString(), table);
    }

    /// An axis from low to high in round steps (1, 2 or 5 times a power of ten kronor), about five of them.
    static (long Low, long High, long Step) Ticks(long min, long max)
    {
        var range = Math.Max((decimal)max - min, 1_000_000m);
        var rough = range / 5;
        var power = 1m;
        while (power * 10 <= rough) power *= 10;
        var step = (long)(new[] { 1m, 2m, 5m, 10m }.Select(f => f * power).First(s => s >= rough));
        return ((long)Math.Floor((decimal)min / step) * step, (long)Math.Ceiling((decimal)max / step) * step, step);
    }
}
