namespace Region.Reporting.Report;

/// One piece of the report as a document: ReportRenderer makes the blocks once from the report's
/// figures, and MarkdownWriter and HtmlWriter print the same blocks, so Markdown and HTML always
/// say the same. Texts are plain (from data or our own sentences); the writers escape them.
public abstract record Block;

/// A heading; level 2 starts a section (the HTML's table of contents lists those). A status puts a
/// traffic light before the text in HTML, whose word the text already carries.
public sealed record Heading(int Level, string Text, string Status = "") : Block;

/// Sentences printed as one paragraph, each on its own line in the Markdown.
public sealed record Paragraph(IReadOnlyList<string> Lines) : Block
{
    public Paragraph(string line) : this([line]) { }
}

/// A remark set apart above the report: "Obs: ...".
public sealed record Note(string Label, string Text) : Block;

public sealed record BulletList(IReadOnlyList<string> Items) : Block;

/// A table with one header row. A numeric column's cells are our own formatted figures, set right.
public sealed record Table(IReadOnlyList<Column> Columns, IReadOnlyList<Row> Rows, string Caption = "") : Block;

/// A column; a status (Green, Yellow, ...) puts that light beside the header's word in HTML.
public sealed record Column(string Header, bool Numeric = false, string Status = "");

/// A row; a total row is printed bold.
public sealed record Row(IReadOnlyList<Cell> Cells, bool Total = false);

/// A cell's text, the status light it stands for (its word is the text) and how many levels of a
/// tree it is indented.
public sealed record Cell(string Text, string Status = "", int Indent = 0)
{
    public static implicit operator Cell(string text) => new(text);
}

/// A chart drawn on the server as SVG, with its figures also as a table for those who cannot see
/// it. HTML only: the Markdown's own tables already hold what the charts show.
public sealed record Chart(string Title, string Description, string Svg, Table Figures) : Block;
