namespace Region.Reporting.Report;

/// The report page's stylesheet (report.css, embedded in the assembly), read once.
public static class ReportStyle
{
    public static readonly string Css = Read();

    static string Read()
    {
        using var stream = typeof(ReportStyle).Assembly.GetManifestResourceStream("Region.Reporting.Report.report.css")
            ?? throw new InvalidOperationException("report.css is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
