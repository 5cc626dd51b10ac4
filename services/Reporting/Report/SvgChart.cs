using System.Globalization;
using System.Text;

namespace Region.Reporting.Report;

/// One chart as inline SVG, drawn on the server so it shows without JavaScript, offline and in
/// print. It is an image with a name and a description (role="img", aria-labelledby its title and
/// desc); its figures are in a table beside it (Chart). Every text is escaped like the page's.
public sealed class SvgChart(string id, string title, string description, int width, int height)
{
    // The page's colours (report.css): text at least 4.5:1 and marks 3:1 against white.
    public const string Ink = "#1b1f24", Muted = "#4a5360", Rule = "#8c96a3", Accent = "#0b4a75", Plan = "#c9d6e3",
        Green = "#1d7a36", Yellow = "#f2bd1d", YellowEdge = "#8a6500", Red = "#b9252d", None = "#5d6673";

    readonly StringBuilder _body = new();

    public SvgChart Rect(double x, double y, double w, double h, string fill, string? stroke = null)
    {
        _body.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(w, 0))}\" height=\"{N(Math.Max(h, 0))}\" fill=\"{fill}\"{Stroke(stroke)}/>");
        return this;
    }

    public SvgChart Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string dash = "")
    {
        _body.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(strokeWidth)}\"{Dash(dash)}/>");
        return this;
    }

    public SvgChart Polyline(IEnumerable<(double X, double Y)> points, string stroke, string dash = "")
    {
        _body.Append($"<polyline points=\"{string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2.5\"{Dash(dash)}/>");
        return this;
    }

    public SvgChart Circle(double cx, double cy, double r, string fill, string? stroke = null)
    {
        _body.Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"{Stroke(stroke)}/>");
        return this;
    }

    /// A diamond: the yellow light's shape, as on the page.
    public SvgChart Diamond(double cx, double cy, double r, string fill, string stroke)
    {
        _body.Append($"<path d=\"M{N(cx)} {N(cy - r)}L{N(cx + r)} {N(cy)}L{N(cx)} {N(cy + r)}L{N(cx - r)} {N(cy)}Z\" fill=\"{fill}\"{Stroke(stroke)}/>");
        return this;
    }

    public SvgChart Text(double x, double y, string text, string anchor = "start", string fill = Ink, double size = 12, bool bold = false)
    {
        _body.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" fill=\"{fill}\"{(anchor != "start" ? $" text-anchor=\"{anchor}\"" : "")}{(bold ? " font-weight=\"bold\"" : "")}>{HtmlWriter.Escape(text)}</text>");
        return this;
    }

    /// A status's mark in the legend: the same shape and colour as its light on the page.
    public SvgChart StatusMark(double cx, double cy, string status) => status switch
    {
        ReportBuilder.Green => Circle(cx, cy, 5.5, Green),
        ReportBuilder.Yellow => Diamond(cx, cy, 6.5, Yellow, YellowEdge),
        ReportBuilder.Red => Rect(cx - 5.5, cy - 5.5, 11, 11, Red),
        _ => Circle(cx, cy, 4.5, "#fff", None),
    };

    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-titel {id}-beskrivning\">"
        + $"<title id=\"{id}-titel\">{HtmlWriter.Escape(title)}</title><desc id=\"{id}-beskrivning\">{HtmlWriter.Escape(description)}</desc>{_body}</svg>";

    /// A label cut to fit beside a bar; the table under the chart has it whole.
    public static string Fit(string label, int characters) => label.Length <= characters ? label : label[..(characters - 1)].TrimEnd() + "…";

    static string Stroke(string? stroke) => stroke is null ? "" : $" stroke=\"{stroke}\" stroke-width=\"1\"";

    static string Dash(string dash) => dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "";

    static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
