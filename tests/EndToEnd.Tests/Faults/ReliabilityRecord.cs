using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Region.TestSupport;
using Xunit.Abstractions;

namespace Region.EndToEnd.Tests.Faults;

/// One fault's figures: what was written, what the probe saw published, and how long the system
/// took to be whole again after the fault ended.
public sealed record FaultFigures(int Number, string Fault, int Writes, int Events, int Lost, int Duplicated, double SecondsToRecover)
{
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"fault {Number} {Fault}: writes {Writes}, events {Events}, lost {Lost}, duplicated {Duplicated}, {SecondsToRecover:0.0} s to recover");
}

/// The figures of the suite's run. docs/reliability.md is rewritten only when
/// REGION_WRITE_RELIABILITY=1, so a run on a clean clone (CI) leaves the tree as it was.
public sealed class ReliabilityRecord
{
    public const string WriteVariable = "REGION_WRITE_RELIABILITY";

    private readonly ConcurrentDictionary<int, FaultFigures> _figures = new();

    public void Add(FaultFigures figures, ITestOutputHelper output)
    {
        _figures[figures.Number] = figures;
        output.WriteLine(figures.Line);
        // Also on the runner's own output, so a CI log shows the figures without test output enabled.
        Console.WriteLine(figures.Line);
    }

    public void WriteIfAsked()
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) != "1" || _figures.IsEmpty) return;
        File.WriteAllText(Path.Combine(TestInfra.RepoRoot, "docs", "reliability.md"), Document());
    }

    private string Document()
    {
        var doc = new StringBuilder();
        doc.AppendLine("# Reliability: the fault suite's figures");
        doc.AppendLine();
        doc.AppendLine("Written by `tests/EndToEnd.Tests/Faults` (issue 18) when run with `REGION_WRITE_RELIABILITY=1`:");
        doc.AppendLine("all five services as processes on a PostgreSQL cluster and a RabbitMQ node of the suite's own.");
        doc.AppendLine("*Events* counts the distinct events a probe queue on the broker received, *lost* the events the");
        doc.AppendLine("writes imply that never arrived, *duplicated* the deliveries beyond the first of one event id (the outbox");
        doc.AppendLine("publishes at least once: a publish whose confirm or whose \"sent\" mark was lost in the fault goes again,");
        doc.AppendLine("and reporting's inbox applies it once; the suite asserts the read model exact, and 0 duplicates where");
        doc.AppendLine("nothing failed, fault 4);");
        doc.AppendLine("*recover* is the time from the restart of what failed until reporting's read model equalled what the");
        doc.AppendLine("writes imply (for fault 3 it includes 3 s more load after every service was ready again; for fault 6 it is");
        doc.AppendLine("the time from the source's restart until the rebuild had switched, and the events are the writes' own, before");
        doc.AppendLine("the snapshots announced the same state again).");
        doc.AppendLine();
        doc.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        doc.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {MemoryGiB():0.#} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        doc.AppendLine();
        doc.AppendLine("| # | Fault | Writes | Events | Lost | Duplicated | Seconds to recover |");
        doc.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var f in _figures.Values.OrderBy(f => f.Number))
            doc.AppendLine(CultureInfo.InvariantCulture, $"| {f.Number} | {f.Fault} | {f.Writes} | {f.Events} | {f.Lost} | {f.Duplicated} | {f.SecondsToRecover:0.0} |");
        return doc.ToString();
    }

    // /proc/meminfo's MemTotal (kB); 0 where there is none.
    private static double MemoryGiB()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path)) return 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is null ? 0 : long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }
}
