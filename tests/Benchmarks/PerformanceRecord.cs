using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Reports;
using Region.TestSupport;

namespace Region.Benchmarks;

/// One measured row: a benchmark's mean per operation and its class's baseline of the same run.
/// Share = baseline / mean: the throughput (or speed) as a share of the baseline's.
/// MedianUs and P99Us are kept for the latency rows, whose target is in milliseconds. Figure, when
/// set, is what the document shows (rows measured against an absolute target, e.g. StackStartup).
public sealed record Measured(string Class, string Method, double MeanUs, double BaselineUs, string Commit, string MeasuredAt, string Machine, string Load,
    double? MedianUs = null, double? P99Us = null, string? Figure = null)
{
    public double Share => BaselineUs / MeanUs;
}

/// The figures of a labelled run (`--record before` / `--record after`), kept as JSON beside this
/// program so docs/performance.md can set a before against an after. A class measured again
/// replaces its rows; the other classes' rows stay.
public static class PerformanceRecord
{
    public static string Folder => Path.Combine(TestInfra.RepoRoot, "tests", "Benchmarks", "results");

    public static string PathOf(string label) => Path.Combine(Folder, $"{label}.json");

    public static List<Measured> Read(string label) =>
        File.Exists(PathOf(label)) ? JsonSerializer.Deserialize<List<Measured>>(File.ReadAllText(PathOf(label)), JsonSerializerOptions.Web) ?? [] : [];

    /// Adds the rows of these summaries to the label's file, in place of that class's earlier rows.
    public static void Save(string label, IEnumerable<Summary> summaries, string loadAtStart)
    {
        var machine = Machine();
        var load = $"{loadAtStart} at start, {LoadAverage()} at end";
        var commit = Commit();
        var rows = new List<Measured>();
        foreach (var summary in summaries)
        foreach (var group in summary.Reports.Where(r => r.ResultStatistics is not null).GroupBy(r => r.BenchmarkCase.Descriptor.Type.Name))
        {
            var baseline = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
            if (baseline is null) continue;
            rows.AddRange(group.Where(r => r != baseline).Select(r => new Measured(group.Key, r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                r.ResultStatistics!.Mean / 1000, baseline.ResultStatistics!.Mean / 1000, commit, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), machine, load,
                r.ResultStatistics.Median / 1000, r.ResultStatistics.Percentiles.Percentile(99) / 1000)));
        }
        Replace(label, rows);
    }

    /// A row measured outside BenchmarkDotNet (StackStartup), against an absolute target: its share
    /// is target / value, and the document shows `figure`.
    public static Measured Row(string cls, string method, double value, double target, string figure, string loadAtStart) =>
        new(cls, method, value, target, Commit(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), Machine(),
            $"{loadAtStart} at start, {LoadAverage()} at end", Figure: figure);

    /// A row measured outside BenchmarkDotNet against a baseline of the same run (SplitCoresLoad).
    public static Measured Ratio(string cls, string method, double meanUs, double baselineUs, string loadAtStart) =>
        new(cls, method, meanUs, baselineUs, Commit(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), Machine(), $"{loadAtStart} at start, {LoadAverage()} at end");

    /// Puts these rows into the label's file in place of their classes' earlier rows.
    public static void Replace(string label, IReadOnlyList<Measured> rows)
    {
        var classes = rows.Select(r => r.Class).ToHashSet();
        var kept = Read(label).Where(r => !classes.Contains(r.Class));
        Directory.CreateDirectory(Folder);
        File.WriteAllText(PathOf(label), JsonSerializer.Serialize(kept.Concat(rows).ToList(), new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
    }

    /// The 1-, 5- and 15-minute load averages: the machine is shared, and the figures say how much.
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {memoryGiB:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    // BENCH_COMMIT names what was measured when it is not HEAD as it stands (a "before" of one service).
    private static string Commit() => Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? Git("rev-parse --short HEAD");

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = TestInfra.RepoRoot })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
