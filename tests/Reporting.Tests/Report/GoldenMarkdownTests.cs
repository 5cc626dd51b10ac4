using System.Text;
using Region.Reporting.Report;
using Region.TestSupport;

namespace Region.Reporting.Tests.Report;

/// The demo report (DemoReport, with invented figures and a note) rendered as Markdown, compared
/// with the committed file Golden/demo-report.md. After a deliberate change to the report, write
/// the file anew and review its diff in the commit:
///   REGION_UPDATE_GOLDEN=1 dotnet test tests/Reporting.Tests --filter GoldenMarkdownTests
public sealed class GoldenMarkdownTests
{
    static readonly string GoldenFile = Path.Combine(TestInfra.RepoRoot, "tests", "Reporting.Tests", "Report", "Golden", "demo-report.md");

    [Fact]
    public void The_demo_report_renders_as_the_committed_Markdown()
    {
        var report = DemoReport.Create();
        report.InventedData.AddRange(["GoalOutcomes", "BudgetOutcomes"]);
        var markdown = ReportRenderer.ToMarkdown(report, "Demodata.");
        if (Environment.GetEnvironmentVariable("REGION_UPDATE_GOLDEN") == "1") File.WriteAllText(GoldenFile, markdown);

        var golden = File.ReadAllText(GoldenFile);
        Assert.True(golden == markdown, $"The rendered Markdown differs from {GoldenFile} (- file, + rendered); " +
            $"if the change is meant, set REGION_UPDATE_GOLDEN=1 and run again:\n{LineDiff.Of(golden, markdown)}");
    }
}

/// A line diff for a failed comparison: the longest common subsequence of lines, printed as the
/// lines only the expected (-) or the actual (+) text has, with line numbers and two lines around.
public static class LineDiff
{
    public static string Of(string expected, string actual)
    {
        var (a, b) = (expected.Split('\n'), actual.Split('\n'));
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        for (var j = b.Length - 1; j >= 0; j--)
            common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var lines = new List<(char Mark, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) lines.Add((' ', y++ + 1, a[x++]));
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y])) lines.Add(('+', y + 1, b[y++]));
            else lines.Add(('-', x + 1, a[x++]));
        }
        var text = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            // Only changed lines and the two on each side of them.
            var near = Enumerable.Range(Math.Max(0, k - 2), Math.Min(lines.Count, k + 3) - Math.Max(0, k - 2)).Any(n => lines[n].Mark != ' ');
            if (near) text.Append($"{lines[k].Mark} {lines[k].Line,4}: {lines[k].Text}\n");
        }
        return text.ToString();
    }
}
