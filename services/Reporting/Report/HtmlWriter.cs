using System.Text;

namespace Region.Reporting.Report;

/// Prints the report's blocks as one self-contained, print-ready HTML page (lang="sv", its own
/// stylesheet, nothing loaded from outside): a header with the title, a table of contents, one
/// section per level-2 heading, tables with column headers and numbers set right, traffic lights
/// beside their words, and the charts with their figures. Every text is escaped (Escape); the only
/// markup not written here is the charts' SVG, which SvgChart writes with the same escaping.
public static class HtmlWriter
{
    /// Sections that start a new A4 page in print: long enough that a break before them reads better.
    static readonly HashSet<string> NewPageSections = ["Mål som inte uppnåtts", "Ekonomi"];

    public static string Write(string title, IReadOnlyList<Block> blocks)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{Escape(title)}</title>\n<style>\n{ReportStyle.Css}</style>\n</head>\n<body>\n<header>\n");
        var ids = SectionIds(blocks);
        var inSection = false;
        foreach (var block in blocks)
        {
            if (block is Heading { Level: 2 } section)
            {
                html.Append(inSection ? "</section>\n" : "</header>\n" + Contents(blocks, ids) + "<main>\n");
                var newPage = NewPageSections.Contains(section.Text) ? " class=\"new-page\"" : "";
                html.Append($"<section id=\"{ids[section]}\"{newPage}>\n");
                inSection = true;
            }
            WriteBlock(html, block);
        }
        html.Append(inSection ? "</section>\n</main>\n" : "</header>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    static void WriteBlock(StringBuilder html, Block block)
    {
        switch (block)
        {
            case Heading h:
                html.Append($"<h{h.Level}{LightClass(h.Status, " ")}>{Escape(h.Text)}</h{h.Level}>\n");
                break;
            case Note n:
                html.Append($"<blockquote>\n<p><strong>{Escape(n.Label)}</strong> {Escape(n.Text)}</p>\n</blockquote>\n");
                break;
            case Paragraph p:
                html.Append("<p>").AppendJoin("\n", p.Lines.Select(l => Escape(l))).Append("</p>\n");
                break;
            case BulletList l:
                html.Append("<ul>\n").AppendJoin("", l.Items.Select(i => $"<li>{Escape(i)}</li>\n")).Append("</ul>\n");
                break;
            case Table t:
                WriteTable(html, t);
                break;
            case Chart c:
                html.Append($"<figure class=\"chart\">\n<figcaption>{Escape(c.Title)}</figcaption>\n{c.Svg}\n");
                WriteTable(html, c.Figures);
                html.Append("</figure>\n");
                break;
        }
    }

    static void WriteTable(StringBuilder html, Table t)
    {
        html.Append("<table>\n");
        if (t.Caption.Length > 0) html.Append($"<caption>{Escape(t.Caption)}</caption>\n");
        html.Append("<thead>\n<tr>");
        foreach (var c in t.Columns)
            html.Append($"<th scope=\"col\"{(c.Numeric ? " class=\"num\"" : "")}>{Lit(c.Header, c.Status)}</th>");
        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            html.Append(row.Total ? "<tr class=\"total\">" : "<tr>");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                var classes = string.Join(" ", new[] { t.Columns[i].Numeric ? "num" : "", cell.Indent > 0 ? $"indent-{cell.Indent}" : "" }.Where(s => s.Length > 0));
                html.Append($"<td{(classes.Length > 0 ? $" class=\"{classes}\"" : "")}>{Lit(cell.Text, cell.Status)}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// The table of contents: every section, by its heading.
    static string Contents(IReadOnlyList<Block> blocks, Dictionary<Heading, string> ids) =>
        "<nav aria-labelledby=\"innehall\">\n<h2 id=\"innehall\">Innehåll</h2>\n<ol>\n"
        + string.Concat(blocks.OfType<Heading>().Where(h => h.Level == 2).Select(h => $"<li><a href=\"#{ids[h]}\">{Escape(h.Text)}</a></li>\n"))
        + "</ol>\n</nav>\n";

    /// "Mål som inte uppnåtts" → "mal-som-inte-uppnatts"; a second section of the same name gets "-2".
    static Dictionary<Heading, string> SectionIds(IReadOnlyList<Block> blocks)
    {
        var ids = new Dictionary<Heading, string>(ReferenceEqualityComparer.Instance);
        var used = new HashSet<string> { "innehall" };
        foreach (var h in blocks.OfType<Heading>().Where(h => h.Level == 2))
        {
            var slug = new StringBuilder();
            foreach (var c in h.Text.ToLowerInvariant().Normalize(NormalizationForm.FormD))
            {
                if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
                else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            }
            var id = slug.ToString().Trim('-') is { Length: > 0 } s ? s : "avsnitt";
            var unique = id;
            for (var n = 2; !used.Add(unique); n++) unique = $"{id}-{n}";
            ids[h] = unique;
        }
        return ids;
    }

    /// A status's light before its word; the word alone for no status.
    static string Lit(string text, string status) => status.Length == 0 ? Escape(text) : $"<span{LightClass(status, " ")}>{Escape(text)}</span>";

    static string LightClass(string status, string prefix) => status switch
    {
        "" => "",
        ReportBuilder.Green => $"{prefix}class=\"light green\"",
        ReportBuilder.Yellow => $"{prefix}class=\"light yellow\"",
        ReportBuilder.Red => $"{prefix}class=\"light red\"",
        _ => $"{prefix}class=\"light none\"",
    };

    /// Text safe in an element's content and in a quoted attribute. Line breaks and other control
    /// characters become spaces: a multi-line analysis stays one paragraph.
    public static string Escape(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            html.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        return html.ToString();
    }
}
