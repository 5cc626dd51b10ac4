using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// `--split-cores [--record before|after]`: BudgetLoadBenchmarks' reads as issue 19 measured them:
/// the service in a process of its own on core 0, the load generator (this process) on core 1, so
/// the client's work (building 32 calls at once, parsing a 58 KB answer) does not take the service's
/// CPU. The in-process rows share both cores between the two and stay as they are.
/// The service process is this program with `--serve-budget`: BenchHost as the in-process rows
/// start it (same Kestrel, middleware, empty health service), seeded with the same division.
/// Rounds of each call are interleaved, so a change in the machine's load falls on all of them; a
/// row's figure is its median round. Beside it: the service process's CPU per call.
public static class SplitCoresLoad
{
    private const int Rounds = 9;
    private static readonly string[] Rows =
    [
        "GetUnit, 32 in flight, service and load generator on a core each",
        "GetFrame, 32 in flight, service and load generator on a core each",
        "ListBudgetFrames (division, 200 units), 32 in flight, service and load generator on a core each",
        "ListBudgetFrames (division, 200 units), 32 in flight, service and load generator on a core each, answer read as bytes",
    ];

    /// The child: starts and seeds the service, prints `READY address token`, serves until stdin closes.
    public static async Task ServeAsync()
    {
        var (host, tenant) = await BudgetLoadBenchmarks.StartWithDivisionAsync();
        await using var _ = host;
        Console.WriteLine($"READY {host.Address} {await host.TokenAsync(tenant, "bench.user")}");
        await Console.In.ReadToEndAsync();
    }

    public static async Task MeasureAsync(string? record)
    {
        if (Environment.ProcessorCount < 2) throw new InvalidOperationException("--split-cores needs two cores.");
        var loadAtStart = PerformanceRecord.LoadAverage();
        Pin(Environment.ProcessId, "1");
        using var server = StartServer();
        try
        {
            string ready;
            do ready = await server.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The service process ended before it was ready.");
            while (!ready.StartsWith("READY ", StringComparison.Ordinal));
            var (address, token) = (ready.Split(' ')[1], ready.Split(' ')[2]);
            var rows = await MeasureRowsAsync(server, address, token, loadAtStart);
            if (record is null) return;
            PerformanceRecord.Replace(record, rows);
            PerformanceDoc.Write();
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(30_000)) server.Kill(entireProcessTree: true);
        }
    }

    private static async Task<List<Measured>> MeasureRowsAsync(Process server, string address, string token, string loadAtStart)
    {
        using var load = new LoadDriver(address);
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        var invokers = load.Invokers.ToArray();
        var health = invokers.Select(i => new Health.HealthClient(i)).ToArray();
        var budget = invokers.Select(i => new BudgetService.BudgetServiceClient(i)).ToArray();
        var healthRequest = new HealthCheckRequest { Service = BenchHost.EmptyHealthService };
        var getUnit = new GetUnitRequest { Code = BenchData.AreaCode(BudgetLoadBenchmarks.Units / 2) };
        var getFrame = new GetFrameRequest { UnitCode = getUnit.Code, Year = BenchData.Year };
        var listFrames = new ListBudgetFramesRequest { UnitCode = BenchData.Division, Year = BenchData.Year, PageSize = 1000 };
        Func<Task>[] calls =
        [
            () => load.RunAsync(async c => await health[c].CheckAsync(healthRequest, headers)),
            () => load.RunAsync(async c => await budget[c].GetUnitAsync(getUnit, headers)),
            () => load.RunAsync(async c => await budget[c].GetFrameAsync(getFrame, headers)),
            () => load.RunAsync(async c => await budget[c].ListBudgetFramesAsync(listFrames, headers)),
            () => load.RunAsync(async c => await invokers[c].AsyncUnaryCall(BudgetLoadBenchmarks.ListFramesAsBytes, null, new CallOptions(headers), listFrames)),
        ];
        // Fail here, not with a flattering ratio, if a call does not do what it is measured for.
        var listed = await budget[0].ListBudgetFramesAsync(listFrames, headers);
        if (listed.Units.Count != BudgetLoadBenchmarks.Units + 1)
            throw new InvalidOperationException($"ListBudgetFrames gave {listed.Units.Count} units, expected the division and its {BudgetLoadBenchmarks.Units} areas.");
        if ((await health[1].CheckAsync(healthRequest, headers)).Status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new InvalidOperationException("The empty health service does not answer SERVING.");

        // The service tiers up in its own process; a minute of rounds covers it as it does here.
        var warming = Stopwatch.StartNew();
        await SteadyState.WarmAsync("split-cores reads", async () => { foreach (var call in calls) await call(); });
        while (warming.Elapsed < TimeSpan.FromSeconds(60)) foreach (var call in calls) await call();

        var wall = calls.Select(_ => new List<double>()).ToArray();
        var serverCpu = calls.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds; round++)
            for (var i = 0; i < calls.Length; i++)
            {
                var k = (i + round) % calls.Length;
                server.Refresh();
                var cpuBefore = server.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await calls[k]();
                wall[k].Add(clock.Elapsed.TotalMicroseconds / LoadDriver.Calls);
                server.Refresh();
                serverCpu[k].Add((server.TotalProcessorTime - cpuBefore).TotalMicroseconds / LoadDriver.Calls);
            }
        var (baseline, baselineCpu) = (Median(wall[0]), Median(serverCpu[0]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Health/Check (empty handler): {baseline:0} µs per call, service CPU {baselineCpu:0} µs per call"));
        var rows = new List<Measured>();
        for (var i = 1; i < calls.Length; i++)
        {
            var (mean, cpu) = (Median(wall[i]), Median(serverCpu[i]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Rows[i - 1]}: {mean:0} µs per call, {100 * baseline / mean:0.0} % of the empty handler; service CPU {cpu:0} µs per call, {100 * baselineCpu / cpu:0.0} %"));
            rows.Add(PerformanceRecord.Ratio(nameof(SplitCoresLoad), Rows[i - 1], mean, baseline, loadAtStart));
            // The listing's 58 KB answer makes the client's core the bound (parsing it costs more than
            // serving it): the service's CPU per call against the empty handler's is the share its
            // throughput would have with a client that keeps up.
            if (i >= 3) rows.Add(PerformanceRecord.Ratio(nameof(SplitCoresLoad), Rows[i - 1] + ", service CPU per call", cpu, baselineCpu, loadAtStart));
        }
        return rows;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// This program again, with `--serve-budget`, on core 0.
    private static Process StartServer()
    {
        var start = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(SplitCoresLoad).Assembly.Location);
        start.ArgumentList.Add("--serve-budget");
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
    }

    /// Every thread of the process, and so every thread it starts later, on this CPU list.
    private static void Pin(int pid, string cpus)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", $"-a -p -c {cpus} {pid}") { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not run taskset.");
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset failed ({taskset.ExitCode}).");
    }
}
