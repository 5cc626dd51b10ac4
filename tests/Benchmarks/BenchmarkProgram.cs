using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Region.TestSupport;

namespace Region.Benchmarks;

/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*'` runs every benchmark;
/// `--filter '*Import*'` one class. Each class names its own job (BenchConfig.cs).
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(TestInfra.RepoRoot, ".local", "benchmarks"));
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
    }
}
