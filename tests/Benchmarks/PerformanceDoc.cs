using System.Globalization;
using System.Text;
using Region.TestSupport;

namespace Region.Benchmarks;

/// Writes docs/performance.md from the recorded runs (PerformanceRecord): every measured row with
/// its share of the baseline before and after, the issue's target where it sets one, and where and
/// when each run was made.
public static class PerformanceDoc
{
    private const string Copy = "a binary COPY of exactly the rows one such import writes (its rows, its record, the outbox's "
        + "events, the audit), into the same tables, in one transaction";

    /// What each class's rows are measured against, and the target of issue 19 for them; classes in
    /// a row with the same baseline and target share one table.
    private static readonly Dictionary<string, (string Baseline, string Target)> Classes = new()
    {
        ["BudgetLoadBenchmarks"] = ("Health/Check (empty handler) on the same host, 32 in flight over 2 HTTP/2 connections, same token", "≥ 50 %"),
        ["SplitCoresLoad"] = ("Health/Check (empty handler) on the same host, 32 in flight over 2 HTTP/2 connections, same token; the service in a process on core 0, the load generator on core 1 (`--split-cores`)", "≥ 50 %"),
        ["ReportingLoadBenchmarks"] = ("Health/Check (empty handler) on the reporting host, 32 in flight over 2 HTTP/2 connections, same token", "≥ 25 %"),
        ["GrpcHandlerBenchmarks"] = ("Health/Check (empty handler), one call at a time", "—"),
        ["EventPathBenchmarks"] = ("a confirmed publish, unrouted, one at a time", "—"),
        ["EventPipelineBenchmarks"] = ("the same events sent with publisher confirms to a consumer on the same broker, 32 in flight", "≥ 50 %"),
        ["ImportBenchmarks"] = (Copy, "≥ 30 %"),
        ["GoalPlanImportBenchmarks"] = (Copy, "≥ 30 %"),
        ["OutcomeImportBenchmarks"] = (Copy, "≥ 30 %"),
        ["LargeReportBenchmarks"] = ("one hand-written SQL aggregation of the same figures over the read model (the generated large region)", "≥ 33 % (≤ 3×), ≤ 200 ms"),
        ["StackStartup"] = ("no baseline, an absolute target: the five services as processes of their ReadyToRun publish, as the container images run them (`--stack`), then the floors of the same run (tests/IdleFloor: the same publish with less and less of the services' code)", "≤ 150 MB each; ≤ 10 s"),
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
        var keys = before.Concat(after).Select(r => (r.Class, r.Method)).Distinct()
            .OrderBy(k => Classes.Keys.ToList().IndexOf(k.Class) is var i && i < 0 ? int.MaxValue : i).ToList();
        (string Baseline, string Target)? table = null;
        foreach (var (cls, method) in keys)
        {
            (string Baseline, string Target) against = Classes.GetValueOrDefault(cls, ("the class's baseline", "—"));
            if (table != against)
            {
                if (table is not null) md.AppendLine();
                md.AppendLine($"Against {against.Baseline}. Target: {against.Target}.");
                md.AppendLine();
                md.AppendLine("| measure | before | after |");
                md.AppendLine("| --- | --- | --- |");
                table = against;
            }
            md.AppendLine($"| {method} | {Cell(before, cls, method)} | {Cell(after, cls, method)} |");
        }
        md.AppendLine();
        var runs = before.Select(r => (Label: "before", Row: r)).Concat(after.Select(r => (Label: "after", Row: r))).ToList();
        // The machine once when every run had the same one, as it should.
        var oneMachine = runs.Select(r => r.Row.Machine).Distinct().Count() == 1;
        if (oneMachine) md.AppendLine($"Every run: {runs[0].Row.Machine}.").AppendLine();
        foreach (var run in runs.GroupBy(r => (r.Label, r.Row.Commit, r.Row.MeasuredAt, r.Row.Machine, r.Row.Load)))
            md.AppendLine($"- **{run.Key.Label}**, {string.Join(", ", run.Select(r => r.Row.Class).Distinct())}: commit `{run.Key.Commit}`, "
                + $"{run.Key.MeasuredAt}{(oneMachine ? "" : ", " + run.Key.Machine)}; load average {run.Key.Load}.");
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
