using System.Net;
using System.Net.Sockets;

namespace Region.TestSupport;

/// Where the test infrastructure is: the repository checkout and the servers started by deploy/local.
public static class TestInfra
{
    public const string RabbitMqUsername = "guest";
    public const string RabbitMqPassword = "guest";

    private static readonly Lazy<string> repoRoot = new(FindRepoRoot);

    /// The folder holding RegionServices.sln, found by walking up from the test binaries.
    public static string RepoRoot => repoRoot.Value;

    /// Superuser-free admin login (role region, CREATEDB) on the local cluster; REGION_PG overrides.
    public static string PostgresAdminConnectionString =>
        FromEnvironment("REGION_PG") ?? "Host=127.0.0.1;Port=55432;Username=region;Password=region;Database=postgres";

    /// The shared local broker (guest/guest from loopback); REGION_RABBITMQ overrides.
    public static Uri RabbitMqUri => new(FromEnvironment("REGION_RABBITMQ") ?? "rabbitmq://127.0.0.1:55672/");

    // Below the kernel's ephemeral range (32768-60999), where every outgoing connection takes its
    // local port: a port the kernel hands out for "any free port" can be taken by a database or
    // broker connection before the service binds it (a CI run lost a whole end-to-end fixture to
    // that). Above PrivateRabbitMq's 26000-26900 and PrivatePostgres's 27000-27900.
    private const int FirstFreePort = 28000;
    private const int LastFreePort = 32700;
    private static readonly HashSet<int> HandedOutPorts = [];

    /// A loopback port nobody listens on right now and this process has not handed out before, for
    /// a host that must bind real sockets.
    public static int FreePort()
    {
        lock (HandedOutPorts)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(FirstFreePort, LastFreePort + 1);
                if (HandedOutPorts.Add(port) && IsFree(port)) return port;
            }
        }
        throw new InvalidOperationException($"No free port found in {FirstFreePort}-{LastFreePort}.");
    }

    /// Whether a loopback port can be bound right now.
    internal static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// Deletes these receive endpoints from the broker: each queue and the exchange of the same name
    /// that MassTransit binds to the event exchanges. The queues may expire by themselves, the
    /// exchanges do not, and every event published on the broker was routed through each one left
    /// behind (17 per Reporting test host, 1 287 after a day; the benchmarks' notes). Missing ones are fine.
    public static async Task DeleteEndpointsAsync(Uri broker, IEnumerable<string> names)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = broker.Host, Port = broker.Port, UserName = RabbitMqUsername, Password = RabbitMqPassword,
        };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var name in names)
        {
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(name, ifUnused: false);
        }
    }

    /// Waits until the bus is connected with its queues bound: an event published before that
    /// finds no queue, and the broker drops it.
    public static async Task WaitUntilHealthyAsync(MassTransit.IBusControl bus, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (bus.CheckHealth().Status != MassTransit.BusHealthStatus.Healthy)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The bus of {what} did not become healthy within 60 s.");
            await Task.Delay(50);
        }
    }

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RegionServices.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No RegionServices.sln above {AppContext.BaseDirectory}.");
    }
}
