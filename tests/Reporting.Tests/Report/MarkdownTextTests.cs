using AngleSharp.Html.Parser;
using Markdig;
using Region.Reporting.Report;

namespace Region.Reporting.Tests.Report;

/// MarkdownText.Escape against Markdig with the report's pipeline: escaped text comes out as the
/// same words, in one table cell or one paragraph, never as markup.
public sealed class MarkdownTextTests
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static TheoryData<string> Texts => new()
    {
        "<img src=x onerror=alert(1)>", "*fet* och _kursiv_", "__fet__", "a | b", "[länk](http://x)", "![bild](x.png)", "`kod`",
        "# Rubrik", "Rubrik #", "- punkt", "+ punkt", "* punkt", "1. punkt", "12) punkt", "> citat", "&lt;b&gt; &amp;", "~~struken~~",
        "<script>alert(1)</script>", "    indrag", "rad ett\nrad två", "\\*inte fet\\*", "===", "---", "a\0b\tc", "Hälso- och sjukvård (HS)",
    };

    /// What Escape keeps of the text: control characters as spaces, no leading or trailing blanks.
    static string Shown(string text) => new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    [Theory, MemberData(nameof(Texts))]
    public void Escaped_text_is_one_table_cell_of_the_same_words(string text)
    {
        var html = Markdown.ToHtml($"| Namn | Värde |\n|---|---:|\n| {MarkdownText.Escape(text)} | 1 |\n", Pipeline);
        var document = new HtmlParser().ParseDocument(html);

        var cells = document.QuerySelectorAll("tbody tr td");
        Assert.Equal(2, cells.Length);
        Assert.Equal(Shown(text), cells[0].TextContent);
        Assert.DoesNotContain(document.Body!.QuerySelectorAll("*"), e => e.LocalName is not ("table" or "thead" or "tbody" or "tr" or "th" or "td"));
    }

    [Theory, MemberData(nameof(Texts))]
    public void Escaped_text_starting_a_line_is_one_paragraph_of_the_same_words(string text)
    {
        var html = Markdown.ToHtml($"{MarkdownText.Escape(text)} har röda mål.\n", Pipeline);
        var document = new HtmlParser().ParseDocument(html);

        var paragraph = Assert.Single(document.Body!.Children);
        Assert.Equal("p", paragraph.LocalName);
        Assert.Empty(paragraph.Children);
        Assert.Equal(Shown(text) + " har röda mål.", paragraph.TextContent);
    }
}
