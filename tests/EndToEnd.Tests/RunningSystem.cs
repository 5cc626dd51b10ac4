using System.Diagnostics;
using System.Text;
using Region.TestSupport;

namespace Region.EndToEnd.Tests;

/// Every service as a process, each with its own fresh database, on a private RabbitMQ node (so a
/// demo running on the shared broker never takes this system's messages), and a way to run
/// deploy/local scripts and regionctl against them.
public sealed class RunningSystem : IAsyncLifetime
{
    /// name → project folder under services/. A service joins the end-to-end tests with one line.
    private static readonly (string Name, string Project)[] Services =
    [
        ("budget", "Budget"),
        ("goals", "Goals"),
        ("investments", "Investments"),
        ("meetings", "Meetings"),
        ("reporting", "Reporting"),
    ];

    private readonly PrivateRabbitMq _rabbit = new();
    private readonly List<PostgresDatabase> _databases = [];
    private readonly Dictionary<string, ServiceProcess> _services = [];

    public IReadOnlyDictionary<string, ServiceProcess> ServiceProcesses => _services;

    public async Task InitializeAsync()
    {
        await _rabbit.InitializeAsync();
        // Started one by one: the budget service first declares the exchanges the others bind to.
        foreach (var (name, project) in Services)
        {
            var database = await PostgresDatabase.CreateAsync();
            _databases.Add(database);
            // Reporting asks the services started before it for snapshots (RebuildReadModel): here, not on the default ports.
            var environment = _services.Values.ToDictionary(s => $"Sources__{s.Name}__Address", s => s.GrpcUrl.ToString().TrimEnd('/'));
            // Each service with its own broker login, as deploy/local/start runs them: it may write only its own events.
            environment["RabbitMq__Username"] = name;
            environment["RabbitMq__Password"] = (await File.ReadAllTextAsync(Path.Combine(_rabbit.DataDirectory, "users", name + ".secret"))).Trim();
            _services[name] = await ServiceProcess.StartAsync(name, project, database.ConnectionString, _rabbit.Uri, environment);
        }
    }

    /// The environment that points regionctl at these processes (REGION_<SERVICE>_URL, ..._HTTP_URL).
    public IReadOnlyDictionary<string, string> RegionCtlEnvironment(string tenant)
    {
        var env = new Dictionary<string, string>
        {
            ["REGION_TENANT"] = tenant,
            ["REGION_USER"] = "end-to-end",
            ["REGIONCTL"] = $"dotnet {Path.Combine(TestInfra.RepoRoot, "services", "Cli", "bin", ServiceProcess.BuildConfiguration, "net10.0", "regionctl.dll")}",
            // Spectre.Console: no colours or cursor tricks in captured output, and a wide table.
            ["NO_COLOR"] = "1",
            ["COLUMNS"] = "200",
        };
        foreach (var (name, service) in _services)
        {
            env[$"REGION_{name.ToUpperInvariant()}_URL"] = service.GrpcUrl.ToString().TrimEnd('/');
            env[$"REGION_{name.ToUpperInvariant()}_HTTP_URL"] = service.HttpUrl.ToString().TrimEnd('/');
        }
        return env;
    }

    /// Runs a script of deploy/local (e.g. "load") against these services; returns its exit code and output.
    public Task<(int ExitCode, string Output)> RunScriptAsync(string script, string tenant, TimeSpan timeout) =>
        RunAsync("bash", [Path.Combine(TestInfra.RepoRoot, "deploy", "local", script)], tenant, timeout);

    /// Runs the built regionctl against these services, as a person would from a shell.
    public Task<(int ExitCode, string Output)> RegionCtlAsync(string tenant, params string[] args) =>
        RunAsync("dotnet", [Path.Combine(TestInfra.RepoRoot, "services", "Cli", "bin", ServiceProcess.BuildConfiguration, "net10.0", "regionctl.dll"), .. args],
            tenant, TimeSpan.FromMinutes(1));

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args, string tenant, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestInfra.RepoRoot };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in RegionCtlEnvironment(tenant)) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s:\n{output}");
        }
        // WaitForExitAsync returns after the redirected streams are drained.
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// What every service wrote, for failure messages.
    public string Logs() => string.Join("\n", _services.Values.Select(s => $"--- {s.Name}\n{s.Log}"));

    public async Task DisposeAsync()
    {
        foreach (var service in _services.Values) await service.DisposeAsync();
        foreach (var database in _databases) await database.DisposeAsync();
        await _rabbit.DisposeAsync();
    }
}
