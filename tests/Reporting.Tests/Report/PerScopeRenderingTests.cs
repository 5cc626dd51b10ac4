using AngleSharp.Html.Parser;
using Region.Reporting.Report;

namespace Region.Reporting.Tests.Report;

/// A goal measured per scope (the demo's sick leave: RJH 5,1 %, RS 4,2 % against at most 4,8 % each)
/// shows each scope's value against its target with its status word, in Markdown and HTML alike.
public sealed class PerScopeRenderingTests
{
    [Fact]
    public void The_Markdown_has_a_table_per_goal_with_each_scope_against_its_target_and_its_status_word()
    {
        var markdown = ReportRenderer.ToMarkdown(DemoReport.Create());

        Assert.Contains("## Mål med målvärde per nivå", markdown);
        Assert.Contains("### Sjukfrånvaron ska vara lägre än utsatt målvärde (gul)", markdown);
        Assert.Contains("| Nivå | Utfall | Målvärde | Status |", markdown);
        Assert.Contains("| RJH | 5,1 % | högst 4,8 % | Gul |", markdown);
        Assert.Contains("| RS | 4,2 % | högst 4,8 % | Grön |", markdown);
        // Among the goals not achieved, the outcome is given per scope rather than as one figure.
        Assert.Contains("Utfall: RJH 5,1 % (gul), RS 4,2 % (grön). Kvinnor 5,9, män 3,2.", markdown);
    }

    [Fact]
    public void The_HTML_section_has_each_scope_as_a_row_with_its_traffic_light_and_word()
    {
        var page = new HtmlParser().ParseDocument(ReportRenderer.Html(DemoReport.Create()));

        var section = page.QuerySelectorAll("section").Single(s => s.QuerySelector("h2")?.TextContent == "Mål med målvärde per nivå");
        Assert.Contains("(gul)", section.QuerySelector("h3")!.TextContent);
        var rows = section.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal([["RJH", "5,1 %", "högst 4,8 %", "Gul"], ["RS", "4,2 %", "högst 4,8 %", "Grön"]], rows);
        Assert.Equal(["yellow", "green"], section.QuerySelectorAll("tbody tr td .light, tbody tr td.light").Select(l => l.ClassList.Single(c => c is "yellow" or "green")));
    }
}
