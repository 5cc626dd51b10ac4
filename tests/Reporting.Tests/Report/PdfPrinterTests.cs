using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Region.Reporting.Report;

namespace Region.Reporting.Tests.Report;

/// The PDF printer around headless Chromium: a clear error when it cannot print, and a browser that
/// hangs, fails or prints too much is stopped and reported, never waited for without end.
[Collection(ChromiumCollection.Name)]
public sealed class PdfPrinterTests : IDisposable
{
    readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pdf-printer-test-");

    static PdfPrinter Printer(string chromium, double timeoutSeconds = 60, long maxBytes = 20_000_000) =>
        new(Options.Create(new PdfOptions { Chromium = chromium, Timeout = TimeSpan.FromSeconds(timeoutSeconds), MaxBytes = maxBytes }), NullLogger<PdfPrinter>.Instance);

    /// A stand-in for Chromium: a shell script doing what a broken browser would.
    string Script(string body)
    {
        var path = Path.Combine(_folder.FullName, $"chromium-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        // The printer runs on Linux (Debian's chromium); the guard only satisfies the platform analyzer.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Without_Chromium_printing_is_FAILED_PRECONDITION_naming_the_setting()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Printer("/nonexistent/chromium").PrintAsync("<p>x</p>", default));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("'/nonexistent/chromium'", e.Status.Detail);
        Assert.Contains("Reporting:Pdf:Chromium", e.Status.Detail);
    }

    [Fact]
    public async Task A_browser_that_hangs_is_killed_at_the_timeout_and_the_print_is_UNAVAILABLE()
    {
        var pidFile = Path.Combine(_folder.FullName, "pid");
        var hanging = Script($"echo $$ > {pidFile}\nexec sleep 60");
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<RpcException>(() => Printer(hanging, timeoutSeconds: 1).PrintAsync("<p>x</p>", default));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("took longer than 1 s", e.Status.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task A_browser_that_fails_or_prints_nothing_makes_the_print_UNAVAILABLE()
    {
        var failing = await Assert.ThrowsAsync<RpcException>(() => Printer(Script("echo broken >&2\nexit 3")).PrintAsync("<p>x</p>", default));
        var silent = await Assert.ThrowsAsync<RpcException>(() => Printer(Script("exit 0")).PrintAsync("<p>x</p>", default));

        Assert.Equal(StatusCode.Unavailable, failing.StatusCode);
        Assert.Equal("Printing the report to PDF failed; retry in a moment.", failing.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, silent.StatusCode);
    }

    [Fact]
    public async Task A_PDF_larger_than_the_limit_is_RESOURCE_EXHAUSTED_and_one_within_it_is_returned()
    {
        var html = ReportRenderer.Html(DemoReport.Create());

        var e = await Assert.ThrowsAsync<RpcException>(() => Printer("/usr/bin/chromium", maxBytes: 1000).PrintAsync(html, default));
        var pdf = PrintedPdf.Read(await Printer("/usr/bin/chromium").PrintAsync(html, default));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Av de 56 mätbara målen var 16 gröna, 23 gula, 11 röda samt 6 som ej mätbara.", pdf.Text);
        Assert.Contains("Budgetavvikelse per enhet, januari–augusti", pdf.Text);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
