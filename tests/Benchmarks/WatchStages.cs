using System.Collections.Concurrent;
using System.Diagnostics;

namespace Region.Benchmarks;

/// Where the time of one outcome → summary iteration goes, read from the spans the services in this
/// process already write: the outbox's publish (claimed → confirmed), MassTransit's consume in
/// reporting (received → read model committed and watchers woken), reporting's settle and report
/// build. Printed at the end as the median time since the call began at which each stage ended,
/// then counts in parentheses: report builds per iteration, and Npgsql's commands in the call and
/// in the last build (a round trip each: their number is what a busy machine multiplies).
/// Only the spans of the outcome's own events count: <paramref name="events"/> names their types
/// ("BudgetOutcomeRecorded"), <paramref name="consumers"/> the ends of the names of reporting's
/// queues they go to ("budget-outcome").
public sealed class WatchStages(string[] events, string[] consumers) : IDisposable
{
    sealed record Span(string Source, string Name, ActivityKind Kind, DateTime Start, DateTime End);

    readonly ConcurrentQueue<Span> _spans = new();
    readonly List<List<(string Stage, double Ms)>> _iterations = [];
    readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name is "Region.Outbox" or "MassTransit" or "reporting" or "Npgsql",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };
    DateTime _began;

    public void Start()
    {
        _listener.ActivityStopped = a => _spans.Enqueue(new Span(a.Source.Name, a.DisplayName, a.Kind, a.StartTimeUtc, a.StartTimeUtc + a.Duration));
        ActivitySource.AddActivityListener(_listener);
    }

    /// Drops the iterations recorded so far (the warming rounds before the measured ones).
    public void Forget() => _iterations.Clear();

    /// Called as the iteration's call is sent.
    public void Begin()
    {
        _spans.Clear();
        _began = DateTime.UtcNow;
    }

    /// Called once the call has returned and once the summary has arrived.
    public void End(DateTime returned, DateTime arrived)
    {
        var spans = _spans.Where(s => s.Start >= _began && s.End <= arrived).ToList();
        var stages = new List<(string, double)> { ("call returned", Ms(returned)) };
        void Add(string stage, IEnumerable<DateTime> times, bool first = false)
        {
            var list = times.ToList();
            if (list.Count > 0) stages.Add((stage, Ms(first ? list.Min() : list.Max())));
        }
        var publishes = spans.Where(s => s.Source == "Region.Outbox" && events.Any(e => s.Name.EndsWith($".{e}", StringComparison.Ordinal))).ToList();
        Add("outbox claimed (first publish began)", publishes.Select(s => s.Start), first: true);
        Add("outbox confirmed (last publish)", publishes.Select(s => s.End));
        var consumes = spans.Where(s => s.Source == "MassTransit" && consumers.Any(c => s.Name.EndsWith($"-{c} process", StringComparison.Ordinal))).ToList();
        Add("reporting received (first event)", consumes.Select(s => s.Start), first: true);
        Add("read model committed (first event)", consumes.Select(s => s.End), first: true);
        Add("read model committed (last event)", consumes.Select(s => s.End));
        // Each queue on its own: whether the second event waits for the first (the goal path's two).
        if (consumers.Length > 1)
            foreach (var consumer in consumers)
            {
                var own = consumes.Where(s => s.Name.EndsWith($"-{consumer} process", StringComparison.Ordinal)).ToList();
                Add($"  {consumer}: received", own.Select(s => s.Start), first: true);
                Add($"  {consumer}: committed", own.Select(s => s.End));
            }
        Add("settle ended", spans.Where(s => s.Name == "report watch settle").Select(s => s.End));
        var builds = spans.Where(s => s.Name == "report build").OrderBy(s => s.End).ToList();
        Add("report built", builds.Select(s => s.End));
        stages.Add(("summary arrived", Ms(arrived)));
        // Counts, not times: how many builds the outcome caused, and the database's part of the last one.
        stages.Add(("(call: database commands)", spans.Count(s => s.Source == "Npgsql" && s.End <= returned)));
        // More consumes than events means an attempt failed and the bus retried it.
        stages.Add(("(consumes in the iteration)", consumes.Count));
        stages.Add(("(consumes: database commands)", spans.Count(s => s.Source == "Npgsql" && consumes.Any(c => s.Start >= c.Start && s.End <= c.End))));
        if (builds.Count > 0)
        {
            var last = builds[^1];
            var queries = spans.Where(s => s.Source == "Npgsql" && s.Start >= last.Start && s.End <= last.End).ToList();
            stages.Add(("(report builds in the iteration)", builds.Count));
            stages.Add(("(last build: ms)", (last.End - last.Start).TotalMilliseconds));
            stages.Add(("(last build: database commands)", queries.Count));
            stages.Add(("(last build: commands in a row)", InARow(queries)));
            stages.Add(("(last build: ms in commands)", queries.Sum(q => (q.End - q.Start).TotalMilliseconds)));
        }
        lock (_iterations) _iterations.Add(stages);
    }

    double Ms(DateTime t) => (t - _began).TotalMilliseconds;

    /// How many of the commands ran one after another, none overlapping the next (the most such, picked
    /// by earliest end): the round trips a build waits for in a row, whatever the machine's load.
    static int InARow(IEnumerable<Span> commands)
    {
        var count = 0;
        var free = DateTime.MinValue;
        foreach (var c in commands.OrderBy(c => c.End))
            if (c.Start >= free) (count, free) = (count + 1, c.End);
        return count;
    }

    /// The medians (and the count of iterations that had the stage) as lines for the console.
    public IEnumerable<string> Report(string title)
    {
        if (_iterations.Count == 0) yield break;
        yield return $"// {title}: median ms since the call began, over {_iterations.Count} iterations";
        foreach (var stage in _iterations.SelectMany(i => i.Select(s => s.Stage)).Distinct())
        {
            var values = _iterations.SelectMany(i => i.Where(s => s.Stage == stage).Select(s => s.Ms)).Order().ToList();
            yield return $"//   {stage,-40} {values[values.Count / 2],7:0.0}  (p90 {values[(int)(values.Count * 0.9)],7:0.0}, n={values.Count})";
        }
    }

    public void Dispose() => _listener.Dispose();
}
