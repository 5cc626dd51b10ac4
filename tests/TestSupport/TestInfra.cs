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

    /// A loopback port nobody listens on right now, for a host that must bind real sockets.
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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
