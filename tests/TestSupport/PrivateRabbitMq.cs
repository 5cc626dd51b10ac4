using System.Diagnostics;
using Xunit;

namespace Region.TestSupport;

/// A RabbitMQ node of its own (deploy/local/rabbitmq) for tests that stop and restart the broker,
/// so they never disturb the shared broker on 55672 or each other.
public sealed class PrivateRabbitMq : IAsyncLifetime, IAsyncDisposable
{
    // Below Linux's ephemeral range (32768–60999): while a node is down for an outage, the services
    // keep connecting to its port, and a loopback connect that the kernel gives that same port as
    // its source connects to itself and holds it, so the node could not bind it again (seen once
    // in CI at 56822). Outgoing connections never take a port outside the range.
    private const int FirstPort = 26000;
    private const int LastPort = 26900;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    // A node takes seconds to bind its ports, so fixtures starting side by side in this process
    // must not pick the same free-looking port.
    private static readonly HashSet<int> ReservedPorts = [];

    public PrivateRabbitMq()
    {
        Instance = "t" + Guid.NewGuid().ToString("N")[..10];
        DataDirectory = Path.Combine(TestInfra.RepoRoot, ".local", "rabbitmq-test", Instance);
    }

    /// Node name prefix; the node is `{Instance}@localhost`.
    public string Instance { get; }

    /// Mnesia, logs, config and cookie; kept across StopAsync/StartAsync, deleted on dispose.
    public string DataDirectory { get; }

    /// AMQP port; Port + 1 is Erlang distribution and Port + 2 the node's own epmd.
    public int Port { get; private set; }

    /// rabbitmq://127.0.0.1:{Port}/ with guest/guest.
    public Uri Uri => new($"rabbitmq://127.0.0.1:{Port}/");

    public async Task InitializeAsync()
    {
        // Another process may take the probed port before the node binds it: try again on a new one.
        for (var attempt = 1; ; attempt++)
        {
            Port = ReserveFreePort();
            try
            {
                await RunScriptAsync("start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                Release();
                DeleteDataDirectory();
            }
        }
    }

    /// Stops the node (as a broker outage would) keeping its data and port.
    public Task StopAsync() => RunScriptAsync("stop");

    /// Ends the node with SIGKILL, as a crash or the OOM killer would: no goodbye to any client, and
    /// only what it had confirmed is kept. Faster than StopAsync on a loaded machine, where
    /// rabbitmqctl itself can take minutes.
    public async Task KillAsync()
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(DataDirectory, "pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var node = Process.GetProcessById(pid);
        node.Kill();
        await node.WaitForExitAsync();
    }

    /// Starts the node again with the same data and port; returns when it accepts connections.
    public Task StartAsync() => RunScriptAsync("start");

    public async Task DisposeAsync()
    {
        if (Port == 0)
        {
            return;
        }
        try
        {
            await RunScriptAsync("stop");
            DeleteDataDirectory();
        }
        finally
        {
            Release();
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task RunScriptAsync(string command)
    {
        var script = Path.Combine(TestInfra.RepoRoot, "deploy", "local", "rabbitmq");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, command },
            WorkingDirectory = TestInfra.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["RABBITMQ_INSTANCE"] = Instance;
        start.Environment["RABBITMQ_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIR"] = DataDirectory;

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
            throw new TimeoutException($"deploy/local/rabbitmq {command} ({Instance}) took over {ScriptTimeout.TotalSeconds} s.");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"deploy/local/rabbitmq {command} ({Instance}, port {Port}) exited with {process.ExitCode}:\n{output}");
        }
    }

    private static int ReserveFreePort()
    {
        var slots = (LastPort - FirstPort - 2) / 3 + 1;
        var first = Random.Shared.Next(slots);
        lock (ReservedPorts)
        {
            for (var i = 0; i < slots; i++)
            {
                var port = FirstPort + (first + i) % slots * 3;
                if (!ReservedPorts.Contains(port) && TestInfra.IsFree(port) && TestInfra.IsFree(port + 1) && TestInfra.IsFree(port + 2))
                {
                    ReservedPorts.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No three free consecutive ports in {FirstPort}-{LastPort}.");
    }

    private void Release()
    {
        lock (ReservedPorts)
        {
            ReservedPorts.Remove(Port);
        }
    }

    private void DeleteDataDirectory()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
