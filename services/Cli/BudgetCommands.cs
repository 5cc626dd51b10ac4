using System.CommandLine;
using Region.Budget.V1;
using Spectre.Console;

namespace Region.Cli;

/// The budget service's commands: the org tree, frames by division, the ledger, adjustments,
/// transfers and the frame-table imports with their findings.
public static class BudgetCommands
{
    private static readonly string[] AdjustKinds = ["index-uplift", "prioritisation", "other"];

    /// The words of the region's own documents for the same kinds.
    private static readonly Dictionary<string, string> SwedishAdjustKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["indexuppräkning"] = "index-uplift", ["prioritering"] = "prioritisation", ["övrigt"] = "other",
    };

    private static string? AdjustKindOf(string given) =>
        AdjustKinds.FirstOrDefault(k => k.Equals(given.Trim(), StringComparison.OrdinalIgnoreCase)) ?? SwedishAdjustKinds.GetValueOrDefault(given.Trim());

    public static IEnumerable<Command> Create(GlobalOptions globals, CliContext context)
    {
        yield return Units(globals, context);
        yield return Frames(globals, context);
        yield return Ledger(globals, context);
        yield return OpenFrameCommand.Create(globals, context);
        yield return Adjust(globals, context);
        yield return Transfer(globals, context);
        yield return Imports(globals, context);
        yield return Deviation(globals, context);
    }

    private static Command Deviation(GlobalOptions globals, CliContext context)
    {
        var unit = UnitOption("--unit", "The unit (with its subtree) to follow up, e.g. RS or RS-TJM.");
        var year = YearOption();
        var month = new Option<int>("--month") { Description = "The period is January up to and including this month (1-12; 4 = tertial 1, 8 = tertial 2).", Required = true };
        month.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 12) r.AddError("--month: a month from 1 to 12.");
        });
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("deviation", "Budget follow-up per unit, in MSEK: period budget, outcome, deviation (outcome − period budget: positive is better than budget) and forecast. A year without any is said in words with the years that have frames (exit 1).") { unit, year, month, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var report = await session.Budget().GetDeviationAsync(new GetDeviationRequest
            {
                UnitCode = parse.GetRequiredValue(unit),
                Year = parse.GetRequiredValue(year),
                ThroughMonth = parse.GetRequiredValue(month),
                IncludeSubtree = true,
            }, cancellationToken: ct);
            var none = new FrameAmounts();
            if (report.Rows.All(r => (r.AnnualBudget ?? none).Equals(none) && (r.Outcome ?? none).Equals(none) && !r.HasForecast))
            {
                var code = report.Total?.Unit?.Code is { Length: > 0 } c ? c : parse.GetRequiredValue(unit);
                throw new NoDataException(report.YearsWithFrames.Count == 0
                    ? $"{code} has no budget, outcomes or forecast (no year has any frames)."
                    : $"{code} has no budget, outcomes or forecast for {parse.GetRequiredValue(year)} ({NoDataException.YearsWith("frames", report.YearsWithFrames)}).");
            }
            if (parse.GetValue(json)) Output.Json(session.Out, report);
            else session.Out.Write(Output.DeviationTable(report));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Units(GlobalOptions globals, CliContext context)
    {
        var root = new Option<string?>("--root") { Description = "Show only the subtree under this unit code (default: the whole tree).", HelpName = "code" };
        var tree = new Command("tree", "Show the org-unit tree (budget levels): code, name and level.") { root };
        tree.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var units = await UnitOwnerCommands.ReadUnitsAsync(session.Budget(), parse.GetValue(root) ?? "", ct);
            if (units.Count == 0)
            {
                session.Out.MarkupLine("[grey]No units yet (load some with 'regionctl import demo-data/rs-2022/budget.yaml').[/]");
                return ExitCodes.Ok;
            }
            session.Out.Write(Output.UnitTree(units, session.Tenant));
            return ExitCodes.Ok;
        });
        return new Command("units", "The org-unit tree and who answers for each unit.") { tree, UnitOwnerCommands.Create(globals, context) };
    }

    private static Command Frames(GlobalOptions globals, CliContext context)
    {
        var unit = UnitOption("--unit", "The division (or any unit) whose subtree to show, e.g. RS or RS-TJM.");
        var year = YearOption();
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("frames", "Budget frames by division: every unit under --unit with its own frame and its roll-up, in MSEK. A year without frames is said in words with the years that have them (exit 1).") { unit, year, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var frames = await ReadAllFramesAsync(session.Budget(), parse.GetRequiredValue(unit), parse.GetRequiredValue(year), ct);
            if (frames.Units.All(u => u.Frame is null))
            {
                var code = frames.Units.FirstOrDefault()?.Unit.Code ?? parse.GetRequiredValue(unit);
                throw new NoDataException(frames.YearsWithFrames.Count == 0
                    ? $"{code} has no frames (no year has any)."
                    : $"{code} has no frames for {parse.GetRequiredValue(year)} ({NoDataException.YearsWith("frames", frames.YearsWithFrames)}).");
            }
            if (parse.GetValue(json)) Output.Json(session.Out, frames);
            else session.Out.Write(Output.FramesTable(frames, parse.GetRequiredValue(unit), parse.GetRequiredValue(year)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// Every page of ListBudgetFrames as one response (the next-page token cleared).
    public static async Task<ListBudgetFramesResponse> ReadAllFramesAsync(BudgetService.BudgetServiceClient client, string unit, int year, CancellationToken ct)
    {
        var request = new ListBudgetFramesRequest { UnitCode = unit, Year = year, PageSize = 1000 };
        var all = new ListBudgetFramesResponse();
        do
        {
            var page = await client.ListBudgetFramesAsync(request, cancellationToken: ct);
            all.Units.AddRange(page.Units);
            all.Total = page.Total;
            all.TotalSize = page.TotalSize;
            // Filled on every page when no unit has a frame that year.
            all.YearsWithFrames.Clear();
            all.YearsWithFrames.AddRange(page.YearsWithFrames);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return all;
    }

    private static Command Ledger(GlobalOptions globals, CliContext context)
    {
        var unit = UnitOption("--unit", "The unit whose frame changes to list.");
        var year = YearOption();
        var subtree = new Option<bool>("--subtree") { Description = "Include every unit below --unit." };
        var command = new Command("ledger", "The frame ledger: every change of a unit's frame (or its subtree's) for a year.") { unit, year, subtree };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.Budget().ListLedgerAsync(new ListLedgerRequest
            {
                UnitCode = parse.GetRequiredValue(unit),
                Year = parse.GetRequiredValue(year),
                IncludeSubtree = parse.GetValue(subtree),
            }, cancellationToken: ct);
            if (response.Entries.Count == 0) session.Out.MarkupLine("[grey]No ledger entries.[/]");
            else session.Out.Write(Output.LedgerTable(response.Entries));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Adjust(GlobalOptions globals, CliContext context)
    {
        var unit = UnitOption("--unit", "The unit whose frame changes.");
        var year = YearOption();
        var kind = new Option<string>("--kind") { Description = "Why the frame changes: index-uplift, prioritisation or other (in Swedish: indexuppräkning, prioritering, övrigt).", Required = true };
        kind.Validators.Add(r =>
        {
            var given = r.GetValueOrDefault<string>()?.Trim() ?? "";
            if (given.Equals("transfer", StringComparison.OrdinalIgnoreCase) || given.Equals("omdisponering", StringComparison.OrdinalIgnoreCase))
                r.AddError("--kind: moving frame between two units is its own command: regionctl transfer --from <unit> --to <unit> ...");
            else if (AdjustKindOf(given) is null)
                r.AddError($"--kind: '{given}' is not one of {string.Join(", ", AdjustKinds)} (or in Swedish {string.Join(", ", SwedishAdjustKinds.Keys)}).");
        });
        var column = ColumnOption("--column", "The column that changes.");
        var amount = AmountOption("The signed change of the column in SEK, or e.g. \"-8,2 MSEK\" / \"-8.2m\". Costs are negative: -8,2 MSEK on personnel-costs gives 8,2 MSEK more to spend.");
        var reason = ReasonOption();
        var caseNumber = CaseOption();
        var estimate = new Option<bool>("--estimate") { Description = "The amount is an estimate (e.g. an index uplift the decision gives no figure for); allows a zero change." };
        var command = new Command("adjust", "Add an entry to a unit's frame ledger (reads the frame first for its etag).")
            { unit, year, kind, column, amount, reason, caseNumber, estimate };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var client = session.Budget();
            var unitCode = parse.GetRequiredValue(unit);
            var frame = await client.GetFrameAsync(new GetFrameRequest { UnitCode = unitCode, Year = parse.GetRequiredValue(year) }, cancellationToken: ct);
            var change = new FrameAmounts();
            FrameColumnInfo.ByOptionName(parse.GetRequiredValue(column))!.Set(change, parse.GetRequiredValue(amount));
            var adjusted = await client.AdjustFrameAsync(new AdjustFrameRequest
            {
                UnitCode = unitCode,
                Year = frame.Year,
                Etag = frame.Etag,
                Kind = ToKind(AdjustKindOf(parse.GetRequiredValue(kind))!),
                Change = change,
                Reason = parse.GetRequiredValue(reason),
                CaseNumber = parse.GetValue(caseNumber) ?? "",
                AmountIsEstimate = parse.GetValue(estimate),
            }, cancellationToken: ct);
            session.Out.Write(Output.FrameTable(adjusted));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Transfer(GlobalOptions globals, CliContext context)
    {
        var from = UnitOption("--from", "The unit that gives.");
        var to = UnitOption("--to", "The unit that receives.");
        var year = YearOption();
        var column = ColumnOption("--column", "The column that moves.");
        var amount = AmountOption("What the receiving unit takes over, signed, in SEK or e.g. \"-8,2 MSEK\": the personnel costs of a post are negative. The giving unit gets exactly the negation.");
        var reason = ReasonOption();
        var caseNumber = CaseOption();
        var command = new Command("transfer", "Move an amount between two units' frames (omdisponering); the total is unchanged.")
            { from, to, year, column, amount, reason, caseNumber };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var client = session.Budget();
            var y = parse.GetRequiredValue(year);
            var fromFrame = await client.GetFrameAsync(new GetFrameRequest { UnitCode = parse.GetRequiredValue(from), Year = y }, cancellationToken: ct);
            var toFrame = await client.GetFrameAsync(new GetFrameRequest { UnitCode = parse.GetRequiredValue(to), Year = y }, cancellationToken: ct);
            var change = new FrameAmounts();
            FrameColumnInfo.ByOptionName(parse.GetRequiredValue(column))!.Set(change, parse.GetRequiredValue(amount));
            var response = await client.TransferFrameAsync(new TransferFrameRequest
            {
                FromUnitCode = fromFrame.UnitCode,
                ToUnitCode = toFrame.UnitCode,
                Year = y,
                FromEtag = fromFrame.Etag,
                ToEtag = toFrame.Etag,
                Change = change,
                Reason = parse.GetRequiredValue(reason),
                CaseNumber = parse.GetValue(caseNumber) ?? "",
            }, cancellationToken: ct);
            session.Out.MarkupLine($"Transfer [bold]{Markup.Escape(response.TransferId)}[/]");
            session.Out.Write(Output.FrameTable(response.From));
            session.Out.Write(Output.FrameTable(response.To));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Imports(GlobalOptions globals, CliContext context)
    {
        var body = UnitOption("--body", "The body whose frame-table imports to list, e.g. RS.");
        var year = new Option<int>("--year") { Description = "The budget year (default: every year).", HelpName = "year" };
        var command = new Command("imports", "Frame-table imports of a body and the findings of each: stated figures that disagree with their parts.") { body, year };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.Budget().ListFrameTableImportsAsync(new ListFrameTableImportsRequest
            {
                BodyCode = parse.GetRequiredValue(body),
                Year = parse.GetValue(year),
            }, cancellationToken: ct);
            if (response.Imports.Count == 0) session.Out.MarkupLine("[grey]No frame-table imports.[/]");
            foreach (var import in response.Imports) Output.Import(session.Out, import);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static AdjustmentKind ToKind(string name) => name switch
    {
        "index-uplift" => AdjustmentKind.IndexUplift,
        "prioritisation" => AdjustmentKind.Prioritisation,
        "transfer" => AdjustmentKind.Transfer,
        "other" => AdjustmentKind.Other,
        _ => AdjustmentKind.Unspecified,
    };

    private static Option<string> UnitOption(string name, string description) =>
        new(name) { Description = description, Required = true, HelpName = "code" };

    private static Option<int> YearOption() =>
        new("--year") { Description = "The budget year, e.g. 2022.", Required = true, HelpName = "year" };

    private static Option<string> ReasonOption() =>
        new("--reason") { Description = "Why, as it should read in the ledger.", Required = true, HelpName = "text" };

    private static Option<string?> CaseOption() =>
        new("--case") { Description = "The case number (diarienummer), e.g. RS/775/2020.", HelpName = "case" };

    private static Option<string> ColumnOption(string name, string description)
    {
        // The choices go in the description: as the help's <a|b|…> placeholder they push every
        // description of the command past the terminal's width.
        var choices = FrameColumnInfo.All.Select(c => c.OptionName).ToArray();
        var option = new Option<string>(name) { Description = $"{description} One of: {string.Join(", ", choices)}.", Required = true, HelpName = "column" };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    private static Option<long> AmountOption(string description) => Amounts.Option("--amount", description, required: true);
}
