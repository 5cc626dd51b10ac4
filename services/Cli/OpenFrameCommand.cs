using System.CommandLine;
using Region.Budget.V1;

namespace Region.Cli;

/// `regionctl open-frame`: a unit's frame for a year that has none yet (a new unit, or next year's
/// frame before the frame table is imported). Each column's opening amount is its own option.
public static class OpenFrameCommand
{
    private static readonly Dictionary<string, FrameCategory> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["officials"] = FrameCategory.Officials, ["tjänstemän"] = FrameCategory.Officials,
        ["elected-members"] = FrameCategory.ElectedMembers, ["förtroendevalda"] = FrameCategory.ElectedMembers,
    };

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var unit = new Option<string>("--unit") { Description = "The unit whose frame opens.", Required = true, HelpName = "code" };
        var year = new Option<int>("--year") { Description = "The budget year, e.g. 2023.", Required = true, HelpName = "year" };
        var category = new Option<string>("--category")
        {
            Description = "Whose frame: officials (tjänstemän, the default) or elected-members (förtroendevalda).",
            DefaultValueFactory = _ => "officials",
            HelpName = "category",
        };
        category.Validators.Add(r =>
        {
            if (!Categories.ContainsKey(r.GetValueOrDefault<string>() ?? ""))
                r.AddError($"--category: '{r.GetValueOrDefault<string>()}' is not officials or elected-members (tjänstemän, förtroendevalda).");
        });
        var columns = FrameColumnInfo.All.Select(c => (Info: c, Option: ColumnAmount(c))).ToList();
        var weights = new Option<int[]?>("--weights")
        {
            Description = "How the year spreads over the months: twelve non-negative whole numbers, e.g. 8,8,9,8,8,7,5,7,9,9,9,13 (default: evenly).",
            HelpName = "w1,…,w12",
            CustomParser = result => ParseWeights(result.Tokens.Count == 1 ? result.Tokens[0].Value : "", result),
        };
        var command = new Command("open-frame", "Open a unit's frame for a year with its opening amounts (signed SEK: revenues positive, costs negative).")
            { unit, year, category, weights };
        foreach (var (_, option) in columns) command.Add(option);
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var opening = new FrameAmounts();
            foreach (var (info, option) in columns) info.Set(opening, parse.GetValue(option));
            var request = new OpenFrameRequest
            {
                UnitCode = parse.GetRequiredValue(unit),
                Year = parse.GetRequiredValue(year),
                Category = Categories[parse.GetRequiredValue(category)],
                Opening = opening,
            };
            if (parse.GetValue(weights) is { } given) request.MonthlyWeights.AddRange(given);
            var frame = await session.Budget().OpenFrameAsync(request, cancellationToken: ct);
            session.Out.Write(Output.FrameTable(frame));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<long> ColumnAmount(FrameColumnInfo column) => Amounts.Option(
        $"--{column.OptionName}", $"Opening {column.OptionName.Replace('-', ' ')} in SEK or e.g. \"-8,2 MSEK\" (default 0).", required: false);

    private static int[]? ParseWeights(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var weights = parts.Select(p => int.TryParse(p, out var w) && w >= 0 ? w : -1).ToArray();
        if (weights.Length != 12 || weights.Contains(-1) || weights.Sum() == 0)
            result.AddError($"--weights: '{text}' is not twelve non-negative whole numbers with a positive sum, separated by commas.");
        return weights;
    }
}
