using System.Diagnostics;
using System.Text.Json;
using Region.Reporting.Report;
using Region.TestSupport;

namespace Region.Reporting.Tests.Report;

/// The report's HTML opened in real headless Chromium (Browser/check-page.mjs: playwright-core and
/// axe-core, locked in Browser/package-lock.json): the charts are drawn, nothing is loaded from
/// outside, the console stays clean and axe-core finds no WCAG 2.1 A/AA violation.
[Collection(ChromiumCollection.Name)]
public sealed class BrowserPageTests : IDisposable
{
    static readonly string BrowserDir = Path.Combine(TestInfra.RepoRoot, "tests", "Reporting.Tests", "Browser");
    static readonly SemaphoreSlim Install = new(1, 1);
    readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("report-browser-test-");

    sealed record Svg(string Name, double Width, double Height, int Marks);
    sealed record Violation(string Id, string Impact, string Help, string[] Nodes);
    sealed record Axe(Violation[] Violations, string[] Passes);
    sealed record Checked(string[] ConsoleErrors, string[] Outside, Svg[] Svgs, Axe Axe);

    [Fact]
    public async Task The_demo_report_is_drawn_offline_without_errors_and_axe_finds_no_WCAG_21_AA_violation()
    {
        var page = await CheckAsync(ReportRenderer.Html(DemoReport.Create(), "Demodata: utfallen är påhittade."));

        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Outside);
        Assert.Equal(4, page.Svgs.Length);
        Assert.All(page.Svgs, svg => Assert.True(svg.Width > 100 && svg.Height > 100 && svg.Marks > 3, $"{svg} is not drawn"));
        Assert.True(page.Axe.Violations.Length == 0, string.Join("\n", page.Axe.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes)}")));
        Assert.Contains("color-contrast", page.Axe.Passes);
        Assert.Contains("html-lang-valid", page.Axe.Passes);
        Assert.Contains("svg-img-alt", page.Axe.Passes);
    }

    [Fact]
    public async Task The_check_sees_a_violation_an_outside_request_a_console_error_and_an_undrawn_chart()
    {
        var page = await CheckAsync("""
            <!DOCTYPE html><html><head><title>Fel</title></head><body>
            <img src="http://example.invalid/bild.png"><p style="color:#bbb">blek text</p>
            <svg role="img" width="0" height="0"></svg>
            <script>console.error("trasig");</script></body></html>
            """);

        Assert.Contains(page.ConsoleErrors, e => e.Contains("trasig"));
        Assert.Contains("http://example.invalid/bild.png", page.Outside);
        Assert.Equal(0, Assert.Single(page.Svgs).Width);
        Assert.Contains(page.Axe.Violations, v => v.Id == "html-has-lang");
        Assert.Contains(page.Axe.Violations, v => v.Id == "image-alt");
        Assert.Contains(page.Axe.Violations, v => v.Id == "color-contrast");
    }

    async Task<Checked> CheckAsync(string html)
    {
        await EnsureInstalledAsync();
        var file = Path.Combine(_folder.FullName, "report.html");
        await File.WriteAllTextAsync(file, html);
        var (exitCode, stdout, stderr) = await RunAsync("node", Path.Combine(BrowserDir, "check-page.mjs"), file);
        Assert.True(exitCode == 0 && stdout.Length > 0, $"check-page.mjs exited {exitCode}: {stderr}");
        return JsonSerializer.Deserialize<Checked>(stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    // .ci/run and deploy/local/test install the locked packages; a developer's first run does the same.
    static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(BrowserDir, "node_modules", "axe-core")) && Directory.Exists(Path.Combine(BrowserDir, "node_modules", "playwright-core")))
                return;
            var (exitCode, stdout, stderr) = await RunAsync("npm", "ci", "--no-audit", "--no-fund");
            Assert.True(exitCode == 0, $"npm ci in {BrowserDir} failed ({exitCode}):\n{stdout}\n{stderr}");
        }
        finally
        {
            Install.Release();
        }
    }

    static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = BrowserDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
