namespace Region.Cli;

/// regionctl's entry point. The wiring is in RegionCtl, so tests run the same command tree in-process.
/// (A class, not top-level statements: those make a global Program that would clash with the
/// services' Program in tests referencing both.)
public static class Program
{
    public static Task<int> Main(string[] args) => RegionCtl.RunAsync(args, CliContext.ForProcess());
}
