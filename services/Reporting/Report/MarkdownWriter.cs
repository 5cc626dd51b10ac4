using System.Text;

namespace Region.Reporting.Report;

/// Prints the report's blocks as Markdown (CommonMark with pipe tables). Every text goes in through
/// MarkdownText.Escape, so a name can neither break a table nor become markup; only a numeric
/// column's cells, our own formatted figures, go in as they are. Charts are left out: the
/// Markdown's tables hold their figures.
public static class MarkdownWriter
{
    public static string Write(IEnumerable<Block> blocks)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    md.Append('#', h.Level).Append(' ').AppendLine(Text(h.Text));
                    break;
                case Note n:
                    md.AppendLine($"> **{Text(n.Label)}** {Text(n.Text)}");
                    break;
                case Paragraph p:
                    foreach (var line in p.Lines) md.AppendLine(Text(line));
                    break;
                case BulletList l:
                    foreach (var item in l.Items) md.AppendLine($"- {Text(item)}");
                    break;
                case Table t:
                    WriteTable(md, t);
                    break;
                case Chart:
                    continue;
            }
            md.AppendLine();
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }

    static void WriteTable(StringBuilder md, Table t)
    {
        md.AppendLine("| " + string.Join(" | ", t.Columns.Select(c => Text(c.Header))) + " |");
        md.AppendLine("|" + string.Concat(t.Columns.Select(c => c.Numeric ? "---:|" : "---|")));
        foreach (var row in t.Rows)
        {
            var cells = row.Cells.Select((cell, i) =>
            {
                // Indentation as non-breaking spaces: Markdown would drop plain ones at a cell's start.
                var text = string.Concat(Enumerable.Repeat("&nbsp;&nbsp;", cell.Indent)) + (t.Columns[i].Numeric ? cell.Text : Text(cell.Text));
                return row.Total && text.Length > 0 ? $"**{text}**" : text;
            });
            md.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
    }

    static string Text(string text) => MarkdownText.Escape(text);
}
