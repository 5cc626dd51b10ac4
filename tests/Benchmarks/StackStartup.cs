using System.Diagnostics;
using System.Globalization;
using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;

namespace Region.Benchmarks;

/// The five services as processes from their ReadyToRun publish (deploy/local/publish, run here
/// first), as the container images and `READY_TO_RUN=1 deploy/local/start` run them: each
/// on free ports (never the fixed 5101–5206), a fresh database of its own on the shared PostgreSQL,
/// its own queue prefix on the shared broker (temporary queues), trusting this process's identity
/// provider. Measures the cold start (all five launched at once until every /readyz answers 200,
/// migrations of the empty databases included) and each one's resident memory after a few calls and
/// `Idle` without calls. `--stack` runs it once per GC setting (`--gc`, see Settings).
/// Beside the wall time it prints the CPU time each service had used when it was first ready: on
/// this shared 2-core machine the wall time follows the load average, the CPU time much less, so it
/// is the figure to compare between runs and branches (five services' CPU over two cores is the
/// least the wall time can be).
public static partial class StackStartup
{
    private static readonly string[] Services = ["Budget", "Goals", "Investments", "Meetings", "Reporting"];

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(600); // a shared machine under load can take minutes

    /// GC settings by name, as runtime environment variables (they override the runtimeconfig.json).
    public static readonly Dictionary<string, Dictionary<string, string>> Settings = new()
    {
        ["as built"] = [],
        ["server, DATAS off"] = new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" },
        ["server, DATAS"] = new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1" },
        ["workstation, concurrent"] = new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" },
        ["workstation, non-concurrent"] = new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" },
        ["conserve memory 5"] = new() { ["DOTNET_GCConserveMemory"] = "5" },
        // Write-xor-execute maps all generated code twice (the /memfd:doublemapper pages of smaps, tens of MiB).
        ["W^X off"] = new() { ["DOTNET_EnableWriteXorExecute"] = "0" },
        // Not GC settings, but start-up ones of the same kind: no instrumented tiers (dynamic PGO), and
        // tier-1 recompilation after the runtime's default quiet time of 0.1 s instead of the 1 s the
        // services are built with (Directory.Build.props).
        ["tiered PGO off"] = new() { ["DOTNET_TieredPGO"] = "0" },
        ["tier-1 not delayed"] = new() { ["DOTNET_TC_CallCountingDelayMs"] = "100" },
        // Generated code is most of what is not mapped files: without tiering, ReadyToRun code is kept
        // as it is and a method without it is compiled once, optimised; without quick JIT only the latter.
        ["tiering off"] = new() { ["DOTNET_TieredCompilation"] = "0" },
        ["quick JIT off"] = new() { ["DOTNET_TC_QuickJit"] = "0" },
        // glibc gives each thread that mallocs its own arena, up to 8 per core: native memory of
        // the runtime and its libraries spread over many half-empty heaps.
        ["malloc arenas 2"] = new() { ["MALLOC_ARENA_MAX"] = "2" },
    };

    /// `--stack [--gc NAME|all] [--record before|after] [--plain-build]`: measures each setting
    /// (default: as built) and prints the figures; records the first setting's rows. `--plain-build`
    /// runs the IL of `dotnet build -c Release` instead of the publish, to see what ReadyToRun saves.
    public static async Task MeasureAsync(IReadOnlyList<string> settings, string? record, bool plainBuild)
    {
        if (!plainBuild) Publish();
        var loadAtStart = PerformanceRecord.LoadAverage();
        var results = new List<Result>();
        foreach (var setting in settings)
        {
            var result = await RunAsync(setting, plainBuild);
            results.Add(result);
            Console.WriteLine($"{setting}: all ready in {result.ReadySeconds:0.0} s; CPU s to ready " +
                string.Join(", ", Services.Select(s => $"{s} {result.CpuSecondsToReady[s]:0.00}")) + $" (sum {result.CpuSecondsToReady.Values.Sum():0.0}); idle MiB " +
                string.Join(", ", Services.Select(s => $"{s} {result.IdleMiB[s]:0} (PSS {result.IdlePssMiB[s]:0}; after calls {result.BusyMiB[s]:0})")) +
                "; floors " + string.Join(", ", Floors.Select(f => $"{f.Mode} {result.FloorIdleMiB[f.Mode]:0} (PSS {result.FloorPssMiB[f.Mode]:0})")) + $"; load {PerformanceRecord.LoadAverage()}");
        }
        if (record is null) return;
        var first = results[0];
        var rows = new List<Measured>
        {
            PerformanceRecord.Row(nameof(StackStartup), "Cold start: five services launched at once to all /readyz green (fresh databases)", first.ReadySeconds, 10,
                string.Create(CultureInfo.InvariantCulture, $"{first.ReadySeconds:0.0} s ({first.Setting} GC; CPU to ready {first.CpuSecondsToReady.Values.Sum():0.0} s summed over the five)"), loadAtStart),
        };
        var shared = first.FloorIdleMiB["shared"];
        rows.AddRange(Services.Select(s => PerformanceRecord.Row(nameof(StackStartup), $"Idle RSS, {s.ToLowerInvariant()} ({Idle.TotalSeconds:0} s after a few calls)",
            first.IdleMiB[s], 150, string.Create(CultureInfo.InvariantCulture,
                $"{first.IdleMiB[s]:0} MiB (after the calls {first.BusyMiB[s]:0} MiB; {first.IdleMiB[s] - shared:0} MiB above the shared host; {first.Setting} GC)"), loadAtStart)));
        rows.AddRange(Floors.Select(f => PerformanceRecord.Row(nameof(StackStartup), $"Idle RSS, floor: {f.Name} ({Idle.TotalSeconds:0} s after a few calls)",
            first.FloorIdleMiB[f.Mode], 150, string.Create(CultureInfo.InvariantCulture,
                $"{first.FloorIdleMiB[f.Mode]:0} MiB (after the calls {first.FloorBusyMiB[f.Mode]:0} MiB; tests/IdleFloor {f.Mode})"), loadAtStart)));
        PerformanceRecord.Replace(record, rows);
    }

    /// IdlePssMiB: the idle resident set with each page shared with other processes (the framework's
    /// files, mapped by all five) counted as its share: what the five together hold, unlike the RSS.
    public sealed record Result(string Setting, double ReadySeconds, Dictionary<string, double> CpuSecondsToReady, Dictionary<string, double> BusyMiB,
        Dictionary<string, double> IdleMiB, Dictionary<string, double> IdlePssMiB)
    {
        public Dictionary<string, double> FloorBusyMiB { get; init; } = [];
        public Dictionary<string, double> FloorIdleMiB { get; init; } = [];
        public Dictionary<string, double> FloorPssMiB { get; init; } = [];
    }

    public static async Task<Result> RunAsync(string setting, bool plainBuild)
    {
        var services = await RunServicesAsync(setting, plainBuild);
        var floors = await RunFloorsAsync(setting, plainBuild);
        return services with { FloorBusyMiB = floors.Busy, FloorIdleMiB = floors.Idle, FloorPssMiB = floors.Pss };
    }

    private static async Task<Result> RunServicesAsync(string setting, bool plainBuild)
    {
        var identity = await IdentityProvider.SharedAsync();
        var databases = new List<PostgresDatabase>();
        var processes = new Dictionary<string, (Process Process, int Grpc, int Http)>();
        try
        {
            foreach (var _ in Services) databases.Add(await PostgresDatabase.CreateAsync());
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Services.Length; i++)
                processes[Services[i]] = Start(Services[i], databases[i].ConnectionString, identity.Authority, Settings[setting], plainBuild);
            var cpu = new Dictionary<string, double>();
            await Task.WhenAll(processes.Select(async p =>
            {
                await WaitReadyAsync(p.Key, p.Value.Process, p.Value.Http);
                lock (cpu) cpu[p.Key] = CpuSeconds(p.Value.Process);
            }));
            var ready = clock.Elapsed.TotalSeconds;

            Console.WriteLine($"{setting}: all ready after {ready:0.0} s (CPU s to ready: " +
                string.Join(", ", Services.Select(s => $"{s} {cpu[s]:0.00}")) + $"; load {PerformanceRecord.LoadAverage()}); calling each service");
            await CallEachAsync(processes.ToDictionary(p => p.Key, p => p.Value.Grpc), await identity.TokenAsync(BenchHost.NewTenant(), [RegionRoles.Admin]));
            var busy = processes.ToDictionary(p => p.Key, p => ResidentMiB(p.Value.Process));
            await Task.Delay(Idle);
            var idle = processes.ToDictionary(p => p.Key, p => ResidentMiB(p.Value.Process));
            var idlePss = processes.ToDictionary(p => p.Key, p => ProportionalMiB(p.Value.Process));
            return new Result(setting, ready, cpu, busy, idle, idlePss);
        }
        finally
        {
            await StopAllAsync(processes.Values.Select(p => p.Process));
            foreach (var database in databases) await database.DisposeAsync();
        }
    }

    private static async Task StopAllAsync(IEnumerable<Process> processes)
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// The same script and flags as the container images and `READY_TO_RUN=1 deploy/local/start`, so the measured form is the deployed one.
    private static void Publish()
    {
        var publish = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = TestInfra.RepoRoot };
        publish.ArgumentList.Add(Path.Combine("deploy", "local", "publish"));
        foreach (var service in Services) publish.ArgumentList.Add($"{service.ToLowerInvariant()}=services/{service}");
        publish.ArgumentList.Add("idlefloor=tests/IdleFloor");
        Console.WriteLine("Publishing the services (deploy/local/publish)");
        using var process = Process.Start(publish) ?? throw new InvalidOperationException("Could not run deploy/local/publish.");
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"deploy/local/publish failed ({process.ExitCode}).");
    }

    private static (Process, int, int) Start(string project, string connectionString, Uri authority, Dictionary<string, string> gc, bool plainBuild) =>
        Launch(project, Path.Combine("services", project), project, mode: null, connectionString, authority, gc, plainBuild);

    /// Starts a published server (`publishName` under .local/publish, or the plain build of
    /// `directory`) on free ports, as deploy/local/start would; `mode` is its first argument.
    private static (Process, int, int) Launch(string name, string directory, string assembly, string? mode, string? connectionString, Uri authority,
        Dictionary<string, string> gc, bool plainBuild)
    {
        directory = Path.Combine(TestInfra.RepoRoot, directory);
        var dll = plainBuild
            ? Path.Combine(directory, "bin", "Release", "net10.0", assembly + ".dll")
            : Path.Combine(TestInfra.RepoRoot, ".local", "publish", assembly.ToLowerInvariant(), assembly + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is not there (dotnet build RegionServices.sln -c Release).");
        var (grpc, http) = (TestInfra.FreePort(), TestInfra.FreePort());
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        if (mode is not null) start.ArgumentList.Add(mode);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(directory);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (connectionString is not null) start.Environment["ConnectionStrings__Database"] = connectionString;
        start.Environment["RabbitMq__Uri"] = TestInfra.RabbitMqUri.ToString();
        // Queues of this run alone, gone with it: never the events meant for a running demo service.
        start.Environment["Bus__QueuePrefix"] = $"{assembly.ToLowerInvariant()}-stack-{Guid.NewGuid().ToString("N")[..8]}";
        start.Environment["Bus__TemporaryQueues"] = "true";
        start.Environment["Auth__Authority"] = authority.ToString();
        start.Environment["Auth__RequireHttpsMetadata"] = "false";
        start.Environment["Ports__Grpc"] = grpc.ToString(CultureInfo.InvariantCulture);
        start.Environment["Ports__Http"] = http.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in gc) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        // Read and dropped: a full pipe would stall the service.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"[{name}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, grpc, http);
    }

    private static async Task WaitReadyAsync(string name, Process process, int httpPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} before it was ready.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{name} was not ready within {ReadyTimeout.TotalSeconds:0} s.");
    }

    /// A few calls of each service, reads and writes, as a user's first minute would make them.
    private static async Task CallEachAsync(Dictionary<string, int> grpcPorts, string token)
    {
        CallInvoker Invoker(string service) => StackStartup.Invoker(grpcPorts[service], token);
        var budget = new Region.Budget.V1.BudgetService.BudgetServiceClient(Invoker("Budget"));
        var goals = new Region.Goals.V1.GoalsService.GoalsServiceClient(Invoker("Goals"));
        var investments = new Region.Investments.V1.InvestmentsService.InvestmentsServiceClient(Invoker("Investments"));
        var meetings = new Region.Meetings.V1.MeetingsService.MeetingsServiceClient(Invoker("Meetings"));
        var reporting = new Region.Reporting.V1.ReportingService.ReportingServiceClient(Invoker("Reporting"));
        await BenchData.CreateTreeAsync(budget, areas: 3);
        await budget.ImportFrameTableAsync(BenchData.Table(3, BenchData.Year), deadline: Deadline);
        for (var i = 0; i < 3; i++)
        {
            await budget.GetFrameAsync(new() { UnitCode = BenchData.AreaCode(1), Year = BenchData.Year }, deadline: Deadline);
            await budget.ListBudgetFramesAsync(new() { UnitCode = BenchData.Division, Year = BenchData.Year }, deadline: Deadline);
            await goals.ListPlansAsync(new(), deadline: Deadline);
            await meetings.ListCalendarsAsync(new(), deadline: Deadline);
            await NotFoundIsAnswerAsync(() => investments.GetPlanAsync(new() { BodyCode = BenchData.Body, Year = BenchData.Year }, deadline: Deadline).ResponseAsync);
            await NotFoundIsAnswerAsync(() => reporting.GetReportAsync(new() { BodyCode = BenchData.Body, Period = $"{BenchData.Year}-T2" }, deadline: Deadline).ResponseAsync);
        }
    }

    /// A channel to a server of the run (plain HTTP/2 on its gRPC port), calling with the token.
    private static CallInvoker Invoker(int grpcPort, string token) =>
        GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { UnsafeUseInsecureChannelCallCredentials = true })
            .Intercept(metadata => { metadata.Add("authorization", "Bearer " + token); return metadata; });

    // Generous: a first call JIT-compiles its whole path, which takes tens of seconds at load average 50+.
    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(180);

    /// A read of something not there yet is still a full call (tenant, token, query): NOT_FOUND is its answer.
    private static async Task NotFoundIsAnswerAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { }
    }

    /// User and system time of the process (of `dotnet`, which runs the service in-process).
    private static double CpuSeconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static double ResidentMiB(Process process) => KiBLine($"/proc/{process.Id}/status", "VmRSS:") / 1024.0;

    private static double ProportionalMiB(Process process) => KiBLine($"/proc/{process.Id}/smaps_rollup", "Pss:") / 1024.0;

    private static long KiBLine(string file, string label)
    {
        var line = File.ReadLines(file).First(l => l.StartsWith(label, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
