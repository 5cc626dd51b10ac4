using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Region.Cli;

/// `regionctl generate --region large`: loads the synthetic region of issue 19 (LargeRegion) through
/// the services' public gRPC APIs, for benchmarks and scale tests. The same seed and scale give
/// the same data; running it again into the same tenant adds only what is missing.
public static class GenerateCommand
{
    /// The regions this command can make, by name.
    public static readonly IReadOnlyList<string> Regions = ["large"];

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var region = new Option<string>("--region") { Description = $"Which region to make: {string.Join(", ", Regions)} (10 bodies, 2 000 units, 5 000 goals, ...).", Required = true, HelpName = "name" };
        region.Validators.Add(r =>
        {
            var name = r.GetValueOrDefault<string>();
            if (!Regions.Contains(name, StringComparer.OrdinalIgnoreCase)) r.AddError($"--region: '{name}' is not one of {string.Join(", ", Regions)}.");
        });
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed (and scale) makes the same data (default 1).", DefaultValueFactory = _ => 1, HelpName = "n" };
        var scale = new Option<double>("--scale")
        {
            Description = $"Size against the issue's region: 1 (the default) is 2 000 units and 5 000 goals, 0.01 a hundredth (at least one body); at most {LargeRegion.MaxScale}.",
            DefaultValueFactory = _ => 1,
            HelpName = "factor",
            CustomParser = ParseScale,
        };
        var command = new Command("generate", $"Make a synthetic region for benchmarks and scale tests through the services' gRPC APIs ({LargeRegion.Year - 1}-{LargeRegion.Year}, codes {LargeRegion.RootCode}…); safe to run again.")
        {
            region, seed, scale,
        };
        command.SetSessionAction(globals, context, (parse, session, ct) =>
            LargeRegionLoad.RunAsync(LargeRegion.Create(parse.GetValue(seed), parse.GetValue(scale)), session, ct));
        return command;
    }

    /// "0.01" and "0,01" alike (a Swedish shell user types the comma).
    private static double ParseScale(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"--scale: '{text}' is not a number (e.g. 1 or 0.01).");
            return 1;
        }
        foreach (var problem in LargeRegion.Problems(value)) result.AddError(problem);
        return value;
    }
}
