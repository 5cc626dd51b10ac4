using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Region.Reporting.Report;

namespace Region.Reporting.Tests.Report;

/// The HTML page of a report shaped like the demo's, read back as a browser would parse it: a
/// self-contained Swedish page whose structure a screen reader and a printer can follow.
public sealed class ReportHtmlTests
{
    static IDocument Page(string note = "") => new HtmlParser().ParseDocument(ReportRenderer.Html(DemoReport.Create(), note));

    [Fact]
    public void The_page_is_Swedish_and_loads_nothing_from_outside()
    {
        var html = ReportRenderer.Html(DemoReport.Create());
        var page = Page();

        Assert.Equal("sv", page.DocumentElement.GetAttribute("lang"));
        Assert.Single(page.QuerySelectorAll("head style"));
        Assert.Empty(page.QuerySelectorAll("script, link, img, iframe, object, embed"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name is "src" or "srcset");
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("@page", html);
    }

    [Fact]
    public void The_table_of_contents_links_every_section_in_order()
    {
        var page = Page();

        var sections = page.QuerySelectorAll("main > section").ToList();
        var links = page.QuerySelectorAll("nav a").ToList();
        Assert.Equal(13, sections.Count); // with "Mål med målvärde per nivå", "Tidsserier och trend per mål", "Indikatorer" and "Avvikelser i importerade underlag"
        Assert.Equal(sections.Select(s => "#" + s.Id), links.Select(a => a.GetAttribute("href")));
        Assert.Equal(sections.Select(s => s.QuerySelector("h2")!.TextContent), links.Select(a => a.TextContent));
        Assert.Equal(sections.Count, sections.Select(s => s.Id).Distinct().Count());
        Assert.Equal("mal-som-inte-uppnatts", sections[2].Id);
    }

    [Fact]
    public void Headings_go_down_one_level_at_a_time_from_a_single_h1()
    {
        var levels = Page().QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.LocalName[1] - '0').ToList();

        Assert.Equal(1, levels[0]);
        Assert.Equal(1, levels.Count(l => l == 1));
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} followed by h{pair.Second}"));
    }

    [Fact]
    public void Every_traffic_light_has_its_status_word_beside_it()
    {
        var lights = Page().QuerySelectorAll(".light").ToList();

        Assert.Contains(lights, l => l.ClassList.Contains("red") && l.TextContent == "Röd");
        Assert.Contains(lights, l => l.ClassList.Contains("yellow") && l.TextContent == "Gul");
        Assert.Contains(lights, l => l.ClassList.Contains("green") && l.TextContent == "Grön");
        Assert.Contains(lights, l => l.LocalName == "h3" && l.ClassList.Contains("red") && l.TextContent.EndsWith("(röd)"));
        var words = new Dictionary<string, string[]>
        {
            ["green"] = ["Grön", "Gröna", "(grön)"], ["yellow"] = ["Gul", "Gula", "(gul)"], ["red"] = ["Röd", "Röda", "(röd)"], ["none"] = ["Ej mätbar", "Ej mätbara", "(ej mätbar)"],
        };
        Assert.All(lights, l =>
        {
            var colour = Assert.Single(l.ClassList, words.ContainsKey);
            Assert.Contains(words[colour], w => l.TextContent == w || l.TextContent.EndsWith(" " + w));
        });
    }

    [Fact]
    public void Tables_have_column_headers_and_numbers_set_right_in_Swedish_format()
    {
        var page = Page();

        foreach (var table in page.QuerySelectorAll("table"))
        {
            var headers = table.QuerySelectorAll("thead th").ToList();
            Assert.NotEmpty(headers);
            Assert.All(headers, th => Assert.Equal("col", th.GetAttribute("scope")));
            Assert.All(headers, th => Assert.False(string.IsNullOrWhiteSpace(th.TextContent)));
            foreach (var row in table.QuerySelectorAll("tbody tr"))
            {
                var cells = row.QuerySelectorAll("td").ToList();
                Assert.Equal(headers.Count, cells.Count);
                for (var i = 0; i < cells.Count; i++)
                    Assert.Equal(headers[i].ClassList.Contains("num"), cells[i].ClassList.Contains("num"));
            }
        }
        var budget = page.QuerySelectorAll("section#ekonomi table").First();
        var first = budget.QuerySelector("tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["Regionstyrelsen", "-1 116,1", "-744,1", "-769,2", "-25,1", "-1 153,7", "-37,6"], first);
        Assert.Equal("indent-3", budget.QuerySelectorAll("tbody tr")[3].QuerySelector("td")!.ClassName);
        Assert.Equal("Total nettobudget", page.QuerySelector("tr.total td")!.TextContent);
    }

    [Fact]
    public void The_note_and_every_text_are_escaped_and_page_breaks_suit_A4()
    {
        var page = Page("Demodata <b>påhittad</b> & \"citerad\"\nrad två");

        Assert.Equal("Obs: Demodata <b>påhittad</b> & \"citerad\" rad två", page.QuerySelector("header blockquote")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("b"));
        Assert.Equal(["mal-som-inte-uppnatts", "ekonomi"], page.QuerySelectorAll("section.new-page").Select(s => s.Id));
    }
}
