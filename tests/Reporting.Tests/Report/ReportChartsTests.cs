using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Region.Contracts.Periods;
using Region.Reporting.Report;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// The report's charts, drawn on the server as SVG: each is a named and described image, its
/// figures are also in a table beside it, and what it draws follows those figures.
public sealed class ReportChartsTests
{
    static IDocument Page(V1.Report report) => new HtmlParser().ParseDocument(ReportRenderer.Html(report));

    static IElement Figure(IDocument page, string svgId) => page.QuerySelectorAll("figure.chart").Single(f => f.QuerySelector("svg")!.GetAttribute("aria-labelledby")!.StartsWith(svgId));

    [Fact]
    public void Every_chart_is_an_image_with_a_title_and_description_and_its_figures_in_a_table()
    {
        var page = Page(DemoReport.Create());

        var figures = page.QuerySelectorAll("figure.chart").ToList();
        Assert.Equal(4, figures.Count);
        Assert.All(figures, figure =>
        {
            var svg = Assert.Single(figure.QuerySelectorAll("svg"));
            Assert.Equal("img", svg.GetAttribute("role"));
            var labels = svg.GetAttribute("aria-labelledby")!.Split(' ');
            Assert.Equal(["title", "desc"], labels.Select(id => page.GetElementById(id)!.LocalName));
            Assert.All(labels, id => Assert.True(page.GetElementById(id)!.TextContent.Length > 20, id));
            Assert.Equal(svg.QuerySelector("title")!.TextContent, figure.QuerySelector("figcaption")!.TextContent);
            Assert.NotEmpty(Assert.Single(figure.QuerySelectorAll("table")).QuerySelectorAll("tbody tr"));
        });
        Assert.Equal(figures.Count * 2, page.QuerySelectorAll("svg title[id], svg desc[id]").Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Goal_status_bars_split_each_area_and_both_periods_by_colour()
    {
        var page = Page(DemoReport.Create());
        var figure = Figure(page, "diagram-malstatus");

        var rows = figure.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToList();
        Assert.Equal(["Regiondirektör", "Regionstaben", "Vårdval", "Alla mål, augusti", "Alla mål, april"], rows.Select(r => r[0]));
        Assert.Equal(["7", "9", "19", "21", "56"], rows[4][1..]);
        // Regionstaben: 8 green of 27 goals fills 8/27 of the 340-unit bar.
        var greens = figure.QuerySelectorAll($"rect[fill='{SvgChart.Green}']").Select(r => double.Parse(r.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Math.Round(340.0 * 8 / 27, 1), greens[1]);
        Assert.Contains("Alla mål, april: 7 gröna, 9 gula, 19 röda, 21 ej mätbara.", figure.QuerySelector("desc")!.TextContent);
    }

    [Fact]
    public void Budget_deviation_bars_are_red_below_zero_and_green_above()
    {
        var report = DemoReport.Create();
        var figure = Figure(Page(report), "diagram-budgetavvikelse");

        var shown = report.Budget.Rows.Where(b => b.Depth <= 2).ToList();
        var bars = figure.QuerySelectorAll("svg rect").ToList();
        Assert.Equal(shown.Select(b => b.Deviation < 0 ? SvgChart.Red : SvgChart.Green), bars.Select(r => r.GetAttribute("fill")));
        Assert.DoesNotContain("HR-avdelningen", figure.TextContent);
        Assert.Equal(shown.Select(b => ReportText.Msek(b.Deviation)), figure.QuerySelectorAll("tbody tr td.num").Select(td => td.TextContent));
    }

    [Fact]
    public void The_month_chart_draws_outcome_and_period_budget_through_the_report_month()
    {
        var report = DemoReport.Create();
        var figure = Figure(Page(report), "diagram-manader");

        var lines = figure.QuerySelectorAll("polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(8, l.GetAttribute("points")!.Split(' ').Length));
        // Costs below zero: the outcome line ends lower on the page (a larger y) than it starts.
        var outcome = lines[1].GetAttribute("points")!.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(outcome[^1] > outcome[0]);
        var last = figure.QuerySelectorAll("tbody tr").Last().QuerySelectorAll("td").Select(td => td.TextContent);
        Assert.Equal(["augusti", "-744,0", "-768,8", "-24,8"], last);
    }

    [Fact]
    public void Investment_bars_show_spending_against_the_decided_plan()
    {
        var figure = Figure(Page(DemoReport.Create()), "diagram-investeringar");

        Assert.Contains("Fastigheter: 61 200 av 120 000 tkr (51 %).", figure.QuerySelector("desc")!.TextContent);
        Assert.Equal(["Fastigheter", "120 000", "61 200", "51 %"], figure.QuerySelector("tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public void A_report_without_figures_has_no_charts_and_names_in_charts_are_text()
    {
        var empty = new V1.Report
        {
            BodyCode = "RS", BodyName = "Regionstyrelsen", PeriodParts = DemoReport.August.ToProto(), Goals = new(), Assignments = new(),
            PreviousGoals = new(), PreviousAssignments = new(), Investments = new InvestmentSection { Total = new() }, Budget = new(),
        };
        Assert.Empty(Page(empty).QuerySelectorAll("svg"));

        var report = DemoReport.Create();
        report.Areas[0].UnitName = "<script>alert(1)</script> & \"x\"";
        var page = Page(report);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Contains("<script>alert(1)</script> & \"x\"", Figure(page, "diagram-malstatus").QuerySelector("svg")!.TextContent);
    }
}
