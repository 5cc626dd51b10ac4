using System.Text;

namespace Region.Reporting.Report;

/// Plain text (a name, an analysis, a note) made safe to put into the report's Markdown: it reads
/// as the same words and never turns into markup. Every character that could start emphasis, code,
/// a link, HTML, an entity, a table cell or a heading is escaped with a backslash (CommonMark lets
/// any ASCII punctuation be), control characters and line breaks become spaces, and what would
/// start a list or a code block at the beginning of a line is neutralised.
public static class MarkdownText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var trimmed = text.Trim();
        var md = new StringBuilder(trimmed.Length + 16);
        // "- x", "+ x" start a list; "1. x" and "1) x" an ordered one.
        if (trimmed[0] is '-' or '+' or '=') md.Append('\\');
        var leadingDigits = trimmed.TakeWhile(char.IsAsciiDigit).Count();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsControl(c)) c = ' ';
            else if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' or '#'
                     || i == leadingDigits && i > 0 && c is '.' or ')')
                md.Append('\\');
            md.Append(c);
        }
        return md.ToString();
    }
}
