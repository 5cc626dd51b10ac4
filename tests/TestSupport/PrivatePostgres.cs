using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Xunit;

namespace Region.TestSupport;

/// A PostgreSQL cluster of its own (deploy/local/postgres with PG_DIR and PG_PORT) for tests that
/// stop and restart the database server, so they never disturb the shared cluster on 55432.
public sealed class PrivatePostgres : IAsyncLifetime, IAsyncDisposable
{
    // Below Linux's ephemeral range, as PrivateRabbitMq's: a restarted cluster must get its port back.
    private const int FirstPort = 27000;
    private const int LastPort = 27900;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    // Under /tmp: when the tests run as root the cluster runs as `postgres`, which must reach the folder.
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "region-pg-" + Guid.NewGuid().ToString("N")[..10], "pg");

    public int Port { get; private set; }

    /// The login the services and PostgresDatabase use (role region, CREATEDB), on this cluster.
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder(TestInfra.PostgresAdminConnectionString)
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = "postgres",
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = Random.Shared.Next(FirstPort, LastPort);
            if (!TestInfra.IsFree(Port)) continue;
            try
            {
                await RunScriptAsync("start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// Stops the server (fast shutdown: open sessions are ended, as in a restart after a crash or an upgrade).
    public Task StopAsync() => RunScriptAsync("stop");

    /// Starts it again with the same data and port.
    public Task StartAsync() => RunScriptAsync("start");

    public async Task DisposeAsync()
    {
        if (Port == 0) return;
        await RunScriptAsync("stop");
        var parent = Path.GetDirectoryName(DataDirectory)!;
        if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task RunScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(TestInfra.RepoRoot, "deploy", "local", "postgres"), command },
            WorkingDirectory = TestInfra.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["PG_DIR"] = DataDirectory;
        start.Environment["PG_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        // The suite's databases are thrown away: durability would only cost time.
        start.Environment["PG_FAST"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deploy/local/postgres {command} (port {Port}) took over {ScriptTimeout.TotalSeconds} s.");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"deploy/local/postgres {command} (port {Port}) exited with {process.ExitCode}:\n{output}");
    }
}
