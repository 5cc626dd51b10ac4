using System.Diagnostics;
using System.Runtime;

namespace Region.Benchmarks;

/// Warms a benchmark until the JIT has gone quiet, before BenchmarkDotNet's own warm-up. A process
/// that hosts services compiles each hot method up to three times (tier 0, instrumented, tier 1
/// with PGO) in the background, and on this 2-core machine that takes over a minute of rounds:
/// the event pipeline spent half its process's CPU in the JIT through 25 fixed warm-up rounds and
/// ran 1.7× slower than once it had settled. A service under steady load has long finished
/// tiering, so the rows measure that state: rounds run until two in a row compile almost nothing.
public static class SteadyState
{
    /// Methods compiled during a round that still count as quiet (a rare path, a timer's callback).
    private const long QuietMethods = 10;
    private const int QuietRounds = 2;
    private static readonly TimeSpan MaxWarming = TimeSpan.FromMinutes(5);

    public static async Task WarmAsync(string name, Func<Task> round)
    {
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        var quiet = 0;
        long jitted = 0;
        while (quiet < QuietRounds && clock.Elapsed < MaxWarming)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round();
            // Tier-up is queued behind a short delay after the calls that earn it: give it its turn.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            jitted = JitInfo.GetCompiledMethodCount() - before;
            quiet = jitted <= QuietMethods ? quiet + 1 : 0;
            rounds++;
        }
        Console.WriteLine(quiet >= QuietRounds
            ? $"// {name}: JIT quiet after {rounds} warming rounds, {clock.Elapsed.TotalSeconds:0} s"
            : $"// {name}: JIT still compiling ({jitted} methods in the last round) after {rounds} warming rounds, {clock.Elapsed.TotalSeconds:0} s: the rows may be slower than the steady state");
    }
}
