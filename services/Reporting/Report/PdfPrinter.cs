using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Region.Reporting.Report;

/// Settings of PdfPrinter (configuration section Reporting:Pdf).
public sealed class PdfOptions
{
    /// Debian's package `chromium` puts it here; deploy/local and .ci/run install it.
    public string Chromium { get; set; } = "/usr/bin/chromium";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
    /// Each print starts a browser (~150 MB); more at once would starve the service.
    public int MaxConcurrent { get; set; } = 2;
}

/// Prints the report's HTML page to PDF with headless Chromium: A4 by the page's own @page rule,
/// tagged (a structure tree for screen readers, the page's lang) and with its headings as the
/// document outline. Bounded in time, size and number at once; the browser gets a profile and
/// files of its own, removed afterwards, and may resolve no host name, so nothing leaves the machine.
public sealed class PdfPrinter(IOptions<PdfOptions> settings, ILogger<PdfPrinter> logger)
{
    readonly PdfOptions _options = settings.Value;
    readonly SemaphoreSlim _slots = new(Math.Max(1, settings.Value.MaxConcurrent));

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        if (!File.Exists(_options.Chromium))
            throw Error(StatusCode.FailedPrecondition, $"This server cannot print PDF: Chromium was not found at '{_options.Chromium}' (setting Reporting:Pdf:Chromium). Ask for HTML or Markdown instead.");
        if (!await _slots.WaitAsync(_options.Timeout, ct))
            throw Error(StatusCode.Unavailable, "Every PDF printer of this server is busy; retry in a moment.");
        DirectoryInfo? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory("region-report-pdf-");
            var page = Path.Combine(folder.FullName, "report.html");
            var pdf = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            await RunChromiumAsync(folder.FullName, page, pdf, ct);
            var size = File.Exists(pdf) ? new FileInfo(pdf).Length : 0;
            if (size == 0) throw Error(StatusCode.Unavailable, "Printing the report to PDF failed; retry in a moment.");
            if (size > _options.MaxBytes)
                throw Error(StatusCode.ResourceExhausted, $"The report's PDF would be {size / 1024 / 1024} MB, more than this server sends ({_options.MaxBytes / 1024 / 1024} MB); ask for HTML instead.");
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            _slots.Release();
            try { folder?.Delete(recursive: true); }
            catch (IOException e) { logger.LogWarning(e, "Could not remove the PDF printer's folder {Folder}", folder!.FullName); }
        }
    }

    async Task RunChromiumAsync(string folder, string page, string pdf, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.Chromium)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={Path.Combine(folder, "profile")}",
                "--no-pdf-header-footer", "--export-tagged-pdf", "--generate-pdf-document-outline", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
            },
        };
        using var process = Process.Start(start) ?? throw Error(StatusCode.Unavailable, "Chromium did not start; retry in a moment.");
        // Both streams are read to the end, or a chatty browser would block on a full pipe.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw Error(StatusCode.Unavailable, $"Printing the report to PDF took longer than {_options.Timeout.TotalSeconds:0} s; retry later or ask for HTML.");
        }
        await Task.WhenAll(output, errors);
        if (process.ExitCode != 0)
        {
            var said = errors.Result.Length > 2000 ? errors.Result[^2000..] : errors.Result;
            logger.LogWarning("Chromium printing a report to PDF exited with {ExitCode}: {Errors}", process.ExitCode, said);
            throw Error(StatusCode.Unavailable, "Printing the report to PDF failed; retry in a moment.");
        }
    }

    static RpcException Error(StatusCode code, string message) => new(new Status(code, message));
}
