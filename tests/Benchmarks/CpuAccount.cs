using System.Diagnostics;
using Npgsql;

namespace Region.Benchmarks;

/// Where a round's CPU goes: this process (client, services and their broker clients), the
/// PostgreSQL backends serving the given databases, and the RabbitMQ server. On a shared two-core
/// machine the wall time of a round follows the load; the CPU it costs much less, so this is what
/// tells which part to make cheaper. Linux only (/proc); RabbitMQ's figure includes whatever else
/// uses the shared broker meanwhile. Beside the CPU, what this process allocated and how many
/// collections that cost: allocation does not follow the load at all, so it shows a change in the
/// code even on a busy machine (and the collections are most of the process's CPU).
public sealed class CpuAccount
{
    private readonly string _connectionString;
    private readonly string[] _databases;
    private TimeSpan _process;
    private Dictionary<int, long> _backends = [];
    private long _broker;
    private long _allocated;
    private int _collections;

    private CpuAccount(string connectionString, string[] databases) => (_connectionString, _databases) = (connectionString, databases);

    /// Starts counting: `connectionString` reaches the server (any database on it), `databases` are the ones whose backends count.
    public static async Task<CpuAccount> StartAsync(string connectionString, params string[] databases)
    {
        var account = new CpuAccount(connectionString, databases);
        account._process = Process.GetCurrentProcess().TotalProcessorTime;
        account._backends = await account.BackendTicksAsync();
        account._broker = BrokerTicks();
        account._allocated = GC.GetTotalAllocatedBytes();
        account._collections = GC.CollectionCount(0);
        return account;
    }

    /// CPU milliseconds per operation since the start, as one line.
    public async Task<string> PerOperationAsync(int operations)
    {
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalMilliseconds;
        // A backend that ended meanwhile took its count with it; one that began counts from zero.
        var backends = (await BackendTicksAsync()).Sum(b => b.Value - _backends.GetValueOrDefault(b.Key)) * TickMs;
        var broker = (BrokerTicks() - _broker) * TickMs;
        var allocated = (GC.GetTotalAllocatedBytes() - _allocated) / 1024.0;
        var collections = GC.CollectionCount(0) - _collections;
        return $"CPU per event: this process {process / operations:0.00} ms, PostgreSQL {backends / operations:0.00} ms, RabbitMQ {broker / operations:0.00} ms; "
            + $"allocated {allocated / operations:0} KiB per event, {collections} collections";
    }

    private const double TickMs = 10; // USER_HZ is 100 on Linux

    private async Task<Dictionary<int, long>> BackendTicksAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)", connection) { Parameters = { new() { Value = _databases } } };
        var pids = new List<int>();
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids.ToDictionary(pid => pid, Ticks);
    }

    // The run's own node (BenchmarkProgram: its directory is the node's home, on its command line),
    // not the shared one or a passing rabbitmqctl.
    private static readonly string? BrokerDirectory = Environment.GetEnvironmentVariable("REGION_BENCH_BROKER_DIR");

    private static long BrokerTicks() => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
        .Where(pid => pid > 0 && Comm(pid) == "beam.smp" && (BrokerDirectory is null || CommandLine(pid).Contains(BrokerDirectory, StringComparison.Ordinal)))
        .Sum(Ticks);

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }

    private static string Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return ""; }
    }

    /// utime + stime of a process, in ticks; 0 when it has gone.
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command (which may hold spaces) start after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (IOException) { return 0; }
    }
}
