using System.Globalization;
using System.Text;
using Region.TestSupport;

namespace Region.Benchmarks;

/// Writes docs/performance.md from the recorded runs (PerformanceRecord): every measured row with
/// its share of the baseline before and after, the issue's target where it sets one, and where and
/// when each run was made.
public static class PerformanceDoc
{
    /// What each class's rows are measured against, and the target of issue 19 for them.
    private static readonly Dictionary<string, (string Baseline, string Target)> Classes = new()
    {
        ["BudgetLoadBenchmarks"] = ("Health/Check (empty handler) on the same host, 32 in flight over 2 HTTP/2 connections, same token", "≥ 50 %"),
        ["SplitCoresLoad"] = ("Health/Check (empty handler) on the same host, 32 in flight over 2 HTTP/2 connections, same token; the service in a process on core 0, the load generator on core 1 (`--split-cores`)", "≥ 50 %"),
        ["ReportingLoadBenchmarks"] = ("Health/Check (empty handler) on the reporting host, 32 in flight over 2 HTTP/2 connections, same token", "≥ 25 %"),
        ["GrpcHandlerBenchmarks"] = ("Health/Check (empty handler), one call at a time", "—"),
        ["EventPathBenchmarks"] = ("a confirmed publish, unrouted, one at a time", "—"),
        ["EventPipelineBenchmarks"] = ("the same events sent with publisher confirms to a consumer on the same broker, 32 in flight", "≥ 50 %"),
        ["ImportBenchmarks"] = ("binary COPY of the rows one such import writes (frames, import record, outbox, audit), same tables, one transaction", "≥ 30 %"),
        ["GoalPlanImportBenchmarks"] = ("binary COPY of the rows one such import writes (plan, revision, outbox, audit), same tables, one transaction", "≥ 30 %"),
        ["OutcomeImportBenchmarks"] = ("binary COPY of the rows one such batch writes (outcome lines, batch, outbox, audit), same tables, one transaction", "≥ 30 %"),
        ["LargeReportBenchmarks"] = ("one hand-written SQL aggregation of the same figures over the read model (the generated large region)", "≥ 33 % (≤ 3×), ≤ 200 ms"),
        ["StackStartup"] = ("an absolute target; the five services as processes of their ReadyToRun publish, as the container images run them (`--stack`), then the floors of the same run (tests/IdleFloor: the same publish with less and less of the services' code)", "≤ 150 MB each; ≤ 10 s"),
        ["OutcomeToWatchBenchmarks"] = ("one confirmed publish to a consumer on the same broker, until it arrives", "median ≤ 50 ms, p99 ≤ 250 ms"),
    };

    public static string PathOf => Path.Combine(TestInfra.RepoRoot, "docs", "performance.md");

    public static void Write()
    {
        var before = PerformanceRecord.Read("before");
        var after = PerformanceRecord.Read("after");
        var md = new StringBuilder();
        md.AppendLine("# Performance");
        md.AppendLine();
        md.AppendLine("Written by `tests/Benchmarks` (`--record before|after`); do not edit by hand. Every figure is a");
        md.AppendLine("**share of a baseline measured in the same run on the same machine**: baseline time per call /");
        md.AppendLine("the row's time per call, i.e. the row's throughput as a share of the baseline's (100 % = as fast");
        md.AppendLine("as the baseline). Absolute times are given in brackets (µs per call, row / baseline) only to show");
        md.AppendLine("the scale: the machine is shared, so they move between runs; the shares move much less.");
        md.AppendLine();
        md.AppendLine("| measure | baseline | target | before | after |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        var keys = before.Concat(after).Select(r => (r.Class, r.Method)).Distinct()
            .OrderBy(k => Classes.Keys.ToList().IndexOf(k.Class) is var i && i < 0 ? int.MaxValue : i).ToList();
        foreach (var (cls, method) in keys)
        {
            var (baseline, target) = Classes.GetValueOrDefault(cls, ("the class's baseline", "—"));
            md.AppendLine($"| {method} | {baseline} | {target} | {Cell(before, cls, method)} | {Cell(after, cls, method)} |");
        }
        md.AppendLine();
        foreach (var (label, rows) in new[] { ("before", before), ("after", after) })
        foreach (var run in rows.GroupBy(r => (r.Commit, r.MeasuredAt, r.Machine, r.Load)))
            md.AppendLine($"- **{label}**, {string.Join(", ", run.Select(r => r.Class).Distinct())}: commit `{run.Key.Commit}`, {run.Key.MeasuredAt}, {run.Key.Machine}; load average {run.Key.Load}.");
        md.AppendLine();
        md.AppendLine(File.ReadAllText(Path.Combine(TestInfra.RepoRoot, "tests", "Benchmarks", "performance-notes.md")).TrimEnd());
        File.WriteAllText(PathOf, md.ToString());
    }

    private static string Cell(List<Measured> rows, string cls, string method) =>
        rows.FirstOrDefault(r => r.Class == cls && r.Method == method) is not { } r ? "not measured"
        : r.Figure is { } figure ? figure
        : cls == "OutcomeToWatchBenchmarks" && r.MedianUs is { } median && r.P99Us is { } p99
            ? string.Create(CultureInfo.InvariantCulture, $"median {median / 1000:0} ms, p99 {p99 / 1000:0} ms (mean {r.MeanUs / 1000:0} / {r.BaselineUs / 1000:0.#} ms)")
            : string.Create(CultureInfo.InvariantCulture, $"{r.Share * 100:0.#} % ({r.MeanUs:0} / {r.BaselineUs:0} µs)");
}
