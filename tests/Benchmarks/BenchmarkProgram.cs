using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Region.TestSupport;

namespace Region.Benchmarks;

/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*'` runs every benchmark;
/// `--filter '*Import*'` one class. Each class names its own job (BenchConfig.cs). `--record before`
/// (or `after`) also keeps the shares in results/ and rewrites docs/performance.md from them.
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        var record = args.SkipWhile(a => a != "--record").Skip(1).FirstOrDefault();
        if (args.Contains("--record") && record is not ("before" or "after"))
            throw new ArgumentException("--record takes 'before' or 'after'.");
        // --scale F: the size of LargeRegionBenchHost's generated region (1 = the issue's), for a quick run.
        if (args.SkipWhile(a => a != "--scale").Skip(1).FirstOrDefault() is { } scale)
        {
            Environment.SetEnvironmentVariable("REGION_BENCH_SCALE", scale);
            args = args.Where((a, i) => a != "--scale" && (i == 0 || args[i - 1] != "--scale")).ToArray();
        }
        // --doc: rewrite docs/performance.md from results/ without measuring (after merging results).
        if (args.Contains("--doc"))
        {
            PerformanceDoc.Write();
            return;
        }
        // --regenerate: make LargeRegionBenchHost's region again instead of reusing the kept one.
        if (args.Contains("--regenerate"))
        {
            Environment.SetEnvironmentVariable("REGION_BENCH_REGENERATE", "1");
            args = args.Where(a => a != "--regenerate").ToArray();
        }
        // --stack: the services as processes, cold start and idle memory (StackStartup), no BenchmarkDotNet;
        // --gc NAME[;NAME...]|all; --plain-build: from the IL build instead of deploy/local/publish's ReadyToRun output.
        if (args.Contains("--stack"))
        {
            var gc = args.SkipWhile(a => a != "--gc").Skip(1).FirstOrDefault() ?? "as built";
            StackStartup.MeasureAsync(gc == "all" ? [.. StackStartup.Settings.Keys] : gc.Split(';'), record, args.Contains("--plain-build")).GetAwaiter().GetResult();
            if (record is not null) PerformanceDoc.Write();
            return;
        }
        // --split-cores: the budget reads with the service on one core and the load generator on the other
        // (SplitCoresLoad), no BenchmarkDotNet; --serve-budget is its service process.
        if (args.Contains("--serve-budget"))
        {
            SplitCoresLoad.ServeAsync().GetAwaiter().GetResult();
            return;
        }
        if (args.Contains("--split-cores"))
        {
            SplitCoresLoad.MeasureAsync(record).GetAwaiter().GetResult();
            return;
        }
        // A broker of the run's own. The shared one collects the exchanges of other runs and test
        // hosts, bound to the services' event exchanges (1 287 after a day of tests here): routing
        // each measured event through them cost the broker 1 ms of CPU per event against 0.25 on a
        // fresh one, and made the outbox, not reporting, the event pipeline's bottleneck.
        using var broker = PrivateBroker();
        var loadAtStart = PerformanceRecord.LoadAverage();
        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(TestInfra.RepoRoot, ".local", "benchmarks"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly)
            .Run(args.Where((a, i) => a != "--record" && (i == 0 || args[i - 1] != "--record")).ToArray(), config);
        if (record is null) return;
        PerformanceRecord.Save(record, summaries, loadAtStart);
        PerformanceDoc.Write();
        Console.WriteLine($"Recorded as '{record}' in {PerformanceRecord.PathOf(record)}; wrote {PerformanceDoc.PathOf}.");
    }

    /// Starts a private RabbitMQ node and points this process (and BenchmarkDotNet's children) at it; stopped on dispose.
    static IDisposable PrivateBroker()
    {
        var broker = new PrivateRabbitMq();
        broker.InitializeAsync().GetAwaiter().GetResult();
        Environment.SetEnvironmentVariable("REGION_RABBITMQ", broker.Uri.ToString());
        Environment.SetEnvironmentVariable("REGION_BENCH_BROKER_DIR", broker.DataDirectory); // CpuAccount's broker
        Console.WriteLine($"// benchmarks on a private RabbitMQ node at {broker.Uri}");
        return new Stopping(broker);
    }

    sealed class Stopping(PrivateRabbitMq broker) : IDisposable
    {
        public void Dispose() => broker.DisposeAsync().GetAwaiter().GetResult();
    }
}
