using System.Diagnostics;
using System.Net;
using System.Text;
using Region.TestSupport;

namespace Region.EndToEnd.Tests;

/// One service run as its own process from its build output, as deploy/local/start runs it, on free
/// ports with its own database and broker. Its output is kept for the failure message.
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private bool _disposed;

    private ServiceProcess(string name, int grpcPort, int httpPort, Process process)
    {
        Name = name;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        _process = process;
    }

    public string Name { get; }
    public int GrpcPort { get; }
    public int HttpPort { get; }
    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");
    public Uri HttpUrl => new($"http://127.0.0.1:{HttpPort}");

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// Starts services/{Project}/bin/{configuration}/net10.0/{Project}.dll and waits until /readyz
    /// answers 200; on free ports, or on <paramref name="ports"/> (a service started again where
    /// its callers were told it is).
    public static async Task<ServiceProcess> StartAsync(string name, string project, string connectionString, Uri rabbitMq,
        IReadOnlyDictionary<string, string>? environment = null, (int Grpc, int Http)? ports = null)
    {
        var directory = Path.Combine(TestInfra.RepoRoot, "services", project);
        var dll = Path.Combine(directory, "bin", BuildConfiguration, "net10.0", project + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is not built.");
        var (grpc, http) = ports ?? (TestInfra.FreePort(), TestInfra.FreePort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(directory);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Database"] = connectionString;
        start.Environment["RabbitMq__Uri"] = rabbitMq.ToString();
        start.Environment["Ports__Grpc"] = grpc.ToString();
        start.Environment["Ports__Http"] = http.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var service = new ServiceProcess(name, grpc, http, process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitReadyAsync();
        }
        catch
        {
            // Nobody holds the service yet to dispose it: a process that never became ready would outlive the run.
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri(HttpUrl, "/readyz"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {ReadyTimeout.TotalSeconds:0} s:\n{Log}");
    }

    /// Debug or Release, whichever this test assembly was built as (the services were built alike).
    public static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public async ValueTask DisposeAsync()
    {
        // A service a test stopped is disposed again with the system.
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
