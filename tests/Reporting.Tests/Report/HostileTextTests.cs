using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;

namespace Region.Reporting.Tests.Report;

/// Names, analyses, places and notes that look like Markdown or HTML: the rendered report shows
/// them as typed, no element or attribute of theirs reaches the HTML, and no table breaks.
public sealed class HostileTextTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    const string BodyName = "Styrelsen <i>x</i> & *y*";
    const string AreaName = "Staben | *A* <b>B</b>";
    const string GoalName = "<img src=x onerror=alert(1)>";
    const string Target = "[länk](javascript:alert(1))";
    const string Analysis = "**Fet** | <script>alert(1)</script>\n- ny rad\n# rubrik &amp;";
    const string ActivityName = "a|b|c `kod`";
    const string PlanName = "Plan _u_ ~~z~~";
    const string Place = "Östersund <svg onload=alert(1)>";
    const string ItemTitle = "1. punkt \\ slut";
    const string Note = "<a href=\"x\">länk</a>\n> citat";

    Task<string> SeedAsync() => ReadModelSeed.SmallBodyAsync(host, (db, rows) =>
    {
        (rows.Body.Name, rows.Area.Name, rows.Goal.Name, rows.Goal.TargetText) = (BodyName, AreaName, GoalName, Target);
        (rows.Activity.Name, rows.Plan.Name) = (ActivityName, PlanName);
        db.Meetings.Add(new MeetingRow
        {
            MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new DateOnly(2022, 9, 28), Place = Place,
            Items = [new AgendaItemRow(ItemTitle, "Ekonomidirektör <u>", 2022, "Tertial", 2)], Version = 1,
        });
    });

    [Fact]
    public async Task The_HTML_report_holds_no_element_or_attribute_from_the_data_and_shows_the_text_as_typed()
    {
        var tenant = await SeedAsync();
        // The analysis is stored as the goals service sent it; the seed's is replaced here.
        await using (var db = host.Db(tenant))
        {
            var period = db.GoalPeriods.Single();
            period.Analysis = Analysis;
            await db.SaveChangesAsync();
        }
        var client = host.Client(tenant);

        var rendered = await client.RenderReportAsync(new() { BodyCode = "rs", Period = "2022-T2", Format = ReportFormat.Html, Note = Note });
        var document = new HtmlParser().ParseDocument(rendered.Content);

        // The renderer's own vocabulary: the page, its sections and tables, the traffic lights and the charts' SVG.
        var allowed = new HashSet<string>
        {
            "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section", "h1", "h2", "h3", "p", "ol", "ul", "li", "a", "span",
            "table", "caption", "thead", "tbody", "tr", "th", "td", "blockquote", "strong", "figure", "figcaption",
            "svg", "desc", "g", "rect", "line", "polyline", "circle", "path", "text",
        };
        Assert.Empty(document.All.Select(e => e.LocalName).Where(name => !allowed.Contains(name)).Distinct());
        var attributes = new HashSet<string>
        {
            "lang", "charset", "name", "content", "id", "class", "scope", "href", "role", "aria-labelledby", "aria-hidden",
            "viewbox", "xmlns", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "d", "points", "fill", "stroke", "stroke-width",
            "stroke-dasharray", "text-anchor", "font-size", "font-weight", "dominant-baseline", "transform",
        };
        Assert.All(document.All.SelectMany(e => e.Attributes), a =>
        {
            Assert.Contains(a.Name.ToLowerInvariant(), attributes);
            Assert.DoesNotContain("alert", a.Value);
            // Links only within the page: the table of contents.
            if (a.Name == "href") Assert.StartsWith("#", a.Value);
        });
        // Only the report's own emphasis: the note's label.
        Assert.Equal(["Obs:"], document.QuerySelectorAll("strong").Select(e => e.TextContent));
        Assert.Single(document.QuerySelectorAll("h1"));
        // The goal was not measurable in April, so it is also named among the status changes (as a table cell).
        Assert.Equal(["Ändrad status sedan april", GoalName + " (röd)"], document.QuerySelectorAll("h3").Select(h => h.TextContent));
        foreach (var table in document.QuerySelectorAll("table"))
        {
            var width = table.QuerySelectorAll("thead tr th").Length;
            Assert.All(table.QuerySelectorAll("tbody tr"), row => Assert.Equal(width, row.QuerySelectorAll("td").Length));
        }

        var text = document.Body!.TextContent;
        foreach (var typed in new[] { "<i>x</i> & *y*", AreaName, GoalName, Target, ActivityName, PlanName, Place, ItemTitle, "Ekonomidirektör <u>" })
            Assert.Contains(typed, text);
        // Line breaks and tabs become spaces: a multi-line analysis or note stays one paragraph.
        Assert.Contains("Analys: **Fet** | <script>alert(1)</script> - ny rad # rubrik &amp;", text);
        Assert.Contains("Obs: <a href=\"x\">länk</a> > citat", text);
        Assert.Equal(ActivityName, Cell(document, "Försenade aktiviteter"));
    }

    [Fact]
    public async Task The_data_keeps_its_text_and_only_the_rendering_escapes_it()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);

        var report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Equal((BodyName, GoalName, Target), (report.BodyName, report.GoalsNotAchieved[0].Name, report.GoalsNotAchieved[0].Target));
        Assert.Equal(AreaName, report.Areas[0].UnitName);

        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;
        Assert.Contains("### \\<img src=x onerror=alert(1)\\> (röd)", markdown);
        Assert.Contains("| a\\|b\\|c \\`kod\\` |", markdown);
        Assert.DoesNotContain(GoalName, markdown);
    }

    /// The first cell of the first row of the table after the heading.
    static string Cell(IDocument document, string heading)
    {
        var h2 = document.QuerySelectorAll("h2").Single(h => h.TextContent == heading);
        var table = h2.NextElementSibling!;
        Assert.Equal("table", table.LocalName);
        return table.QuerySelector("tbody tr td")!.TextContent;
    }
}
