using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Region.Benchmarks;

// Short runs by design: the suite must finish in a few minutes on a shared 2-core machine. The
// numbers that matter are the ratios against the baseline of the same class and run, which stay
// meaningful with few iterations; absolute times are only indicative.
//
// In-process toolchain: the benchmark host, the service under test and the broker clients share this
// process, and BenchmarkDotNet does not generate and build a separate project per benchmark (slow
// here, and the service's own build settings apply unchanged).

/// Calls of a few milliseconds: BenchmarkDotNet picks how many calls make an iteration.
public sealed class ShortCallsConfig : ManualConfig
{
    public ShortCallsConfig() => AddJob(Job.Default
        .WithId("ShortCalls")
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(8)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
}

/// Operations of tens of milliseconds to a second (a batch of events, an import): one operation
/// per iteration, no pilot stage, a few warm-up rounds. Twenty iterations: with eight, one slow
/// iteration on the shared machine moved an import's share by a quarter.
public sealed class BatchConfig : ManualConfig
{
    public BatchConfig() => AddJob(Job.Default
        .WithId("Batch")
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(20));
}

/// Rounds of many calls in flight (LoadDriver): a round is one invocation of a few hundred calls,
/// timed whole, no pilot stage. No forced full collection between rounds (BenchmarkDotNet's
/// default): it runs the runtime's after-gen-2 work (every shared ArrayPool trims its per-thread
/// buckets in a finalizer) inside the next measured round, up to a tenth of its CPU in the event
/// pipeline, and a service under steady load never collects on demand.
public sealed class LoadConfig : ManualConfig
{
    public LoadConfig() => AddJob(Job.Default
        .WithId("Load")
        // A slow call makes a round of tens of seconds: more than the in-process default allows.
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
        .WithStrategy(RunStrategy.Monitoring)
        .WithGcForce(false)
        // One invocation per iteration, stated: an [IterationSetup] sets these, and BenchmarkDotNet
        // only sets a row against its baseline when both ran in the same job.
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(6));
}

/// One event's way through the system per invocation, timed whole: enough iterations for a median
/// and a p99 (PerformanceRecord keeps both), shown beside the mean. No forced full collection
/// between iterations, as in LoadConfig: its after-gen-2 work would land in the next measured one.
public sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(Job.Default
            .WithId("Latency")
            // 60 iterations of a second each under load: past the in-process default of 5 minutes.
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithGcForce(false)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(60));
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.P95, BenchmarkDotNet.Columns.StatisticColumn.Max);
    }
}
