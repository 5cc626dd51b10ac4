using System.CommandLine;
using System.Globalization;
using Region.Contracts.Periods;
using Region.Goals.V1;
using Spectre.Console;
using CommonPeriod = Region.Common.V1.Period;

namespace Region.Cli;

/// `regionctl goals`, `goal assess`, `outcome record`: a plan's goals with their status per period,
/// and the follow-up a planner records (outcomes, manual assessments).
public static class GoalsCommands
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliContext context) =>
        [List(globals, context), Goal(globals, context), Outcome(globals, context)];

    /// --body and --year name the plan: every goals command takes them.
    private sealed record PlanOptions(Option<string> Body, Option<int> Year)
    {
        public static PlanOptions Create() => new(
            new Option<string>("--body") { Description = "The body whose plan it is.", DefaultValueFactory = _ => "RS", HelpName = "code" },
            new Option<int>("--year") { Description = "The plan's year.", DefaultValueFactory = _ => 2022 });

        public void AddTo(Command command)
        {
            command.Add(Body);
            command.Add(Year);
        }
    }

    private static Command List(GlobalOptions globals, CliContext context)
    {
        var plan = PlanOptions.Create();
        var status = new Option<string?>("--status") { Description = $"Only goals with this status in the period: {GoalsData.StatusChoices}." };
        var unit = new Option<string?>("--unit") { Description = "Only goals of this responsible unit and the units under it, e.g. RS or RST.", HelpName = "code" };
        var area = new Option<string?>("--area") { Description = "Only goals of this goal area (målområde), e.g. MIL.", HelpName = "code" };
        var period = new Option<string?>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}. Default: the plan year's latest tertial with follow-up.", HelpName = "period" };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("goals", "A plan's goals with outcome and status (green, yellow, red, not measurable) for a period, filtered by status, unit and goal area.")
        {
            status, unit, area, period, json,
        };
        plan.AddTo(command);
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var body = parse.GetRequiredValue(plan.Body);
            var year = parse.GetRequiredValue(plan.Year);
            var wanted = parse.GetValue(status) is { } s ? ParseStatus(s) : GoalStatus.Unspecified;
            var chosen = parse.GetValue(period) is { } p ? ParsePeriod(p) : null;
            var client = session.Goals();
            if (chosen is null)
            {
                chosen = await LatestFollowedUpTertialAsync(client, body, year, ct);
                if (chosen is null && wanted != GoalStatus.Unspecified)
                    throw new UsageException($"No tertial of {body} {year} has follow-up yet: say which period with --period ({PeriodArgument.Help}).");
                if (chosen is not null && !parse.GetValue(json))
                    session.Out.MarkupLine($"[grey]Period {PeriodArgument.Text(chosen)}: the latest tertial with follow-up (choose with --period).[/]");
            }
            var request = new ListGoalsRequest
            {
                BodyCode = body, Year = year, Period = chosen, Status = wanted, UnitCode = parse.GetValue(unit) ?? "", GoalAreaCode = parse.GetValue(area) ?? "", PageSize = 1000,
            };
            var response = new ListGoalsResponse();
            do
            {
                var page = await client.ListGoalsAsync(request, cancellationToken: ct);
                response.Goals.AddRange(page.Goals);
                response.TotalSize = page.TotalSize;
                request.PageToken = page.NextPageToken;
            } while (request.PageToken.Length > 0);
            if (parse.GetValue(json)) Output.Json(session.Out, response);
            else Write(session.Out, response, $"Goals {body} {year}" + (chosen is null ? "" : $", {PeriodArgument.Text(chosen)}")
                + (wanted == GoalStatus.Unspecified ? "" : $", status {GoalsData.StatusName(wanted)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// The last tertial of the year for which any goal has a status other than not measurable.
    private static async Task<CommonPeriod?> LatestFollowedUpTertialAsync(GoalsService.GoalsServiceClient client, string body, int year, CancellationToken ct)
    {
        for (var tertial = 3; tertial >= 1; tertial--)
        {
            var period = Period.Tertial(year, tertial).ToProto();
            var counts = await client.GetStatusCountsAsync(new GetStatusCountsRequest { BodyCode = body, Year = year, Period = period }, cancellationToken: ct);
            if (counts.Goals.NotMeasurable < counts.Goals.Total || counts.Assignments.NotMeasurable < counts.Assignments.Total) return period;
        }
        return null;
    }

    public static void Write(IAnsiConsole console, ListGoalsResponse response, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Goal") { NoWrap = true });
        table.AddColumn("Name");
        table.AddColumn(new TableColumn("Unit") { NoWrap = true });
        table.AddColumn("Target");
        table.AddColumn(new TableColumn("Outcome") { Alignment = Justify.Right });
        table.AddColumn(new TableColumn("Status") { NoWrap = true });
        table.AddColumn("Analysis");
        foreach (var g in response.Goals)
        {
            var financial = g.Goal.IsFinancialGoal ? " [grey](financial)[/]" : "";
            // Where the goal sits: an assignment (uppdrag), or a goal under one.
            var place = g.Goal.Kind == GoalKind.Assignment ? " [grey](assignment)[/]"
                : g.Goal.AssignmentCode.Length > 0 ? $" [grey](under {Markup.Escape(g.Goal.AssignmentCode)})[/]" : "";
            table.AddRow(
                Markup.Escape(g.Goal.Code) + place,
                Markup.Escape(Shorten(g.Goal.Name, 70)) + financial,
                Markup.Escape(g.Goal.ResponsibleUnitCode),
                Markup.Escape(g.Goal.Target?.Text ?? ""),
                Markup.Escape(OutcomeText(g.Outcome)),
                StatusMarkup(g.Status) + (g.Manual ? " [grey](assessed)[/]" : ""),
                Markup.Escape(Shorten(g.Analysis, 80)));
        }
        console.Write(table);
        var counts = GoalsData.Statuses.Select(s => $"{s.Key} {response.Goals.Count(g => g.Status == s.Value)}");
        console.MarkupLine(Markup.Escape($"{response.Goals.Count} goals: {string.Join(", ", counts)}."));
    }

    private static Command Goal(GlobalOptions globals, CliContext context)
    {
        var plan = PlanOptions.Create();
        var goal = new Option<string>("--goal") { Description = "The goal's code in the plan, e.g. MIL-4.", Required = true, HelpName = "code" };
        var period = new Option<string>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}.", Required = true, HelpName = "period" };
        var status = new Option<string>("--status") { Description = $"The status: {GoalsData.StatusChoices}.", Required = true };
        var analysis = new Option<string>("--analysis") { Description = "Why the goal has this status and what is done about it.", Required = true, HelpName = "text" };
        var assess = new Command("assess", "A person's assessment of a goal for a period (status + analysis); it overrides the rule and is kept with its history.")
        {
            goal, period, status, analysis,
        };
        plan.AddTo(assess);
        assess.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var request = new AssessGoalRequest
            {
                BodyCode = parse.GetRequiredValue(plan.Body), Year = parse.GetRequiredValue(plan.Year), GoalCode = parse.GetRequiredValue(goal),
                Period = ParsePeriod(parse.GetRequiredValue(period)), Status = ParseStatus(parse.GetRequiredValue(status)), Analysis = parse.GetRequiredValue(analysis),
            };
            var client = session.Goals();
            request.Etag = (await CurrentFollowUpAsync(client, request.BodyCode, request.Year, request.GoalCode, request.Period, ct)).AssessmentEtag;
            WriteFollowUp(session.Out, await client.AssessGoalAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return new Command("goal", "Follow-up of one goal.") { assess };
    }

    private static Command Outcome(GlobalOptions globals, CliContext context)
    {
        var plan = PlanOptions.Create();
        var goal = new Option<string>("--goal") { Description = "The goal's code in the plan, e.g. MIL-4.", Required = true, HelpName = "code" };
        var period = new Option<string>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}.", Required = true, HelpName = "period" };
        var value = new Option<string?>("--value") { Description = "The outcome (total), e.g. 43,5 or 43.5, in the target's unit; optional with --scope.", HelpName = "number" };
        var scope = new Option<string[]>("--scope")
        {
            Description = "For a target per scope: one scope's value as SCOPE=NUMBER (e.g. RJH=5,1); repeat it for every scope of the target.", HelpName = "scope=number",
        };
        var women = new Option<string?>("--women") { Description = "The outcome for women/girls.", HelpName = "number" };
        var men = new Option<string?>("--men") { Description = "The outcome for men/boys.", HelpName = "number" };
        var source = new Option<string?>("--source") { Description = "Where the figure comes from." };
        var comment = new Option<string?>("--comment") { Description = "A comment on the figure." };
        var forecast = new Option<string?>("--forecast") { Description = "The full-year forecast (helårsprognos) for a tertial or month, in the target's unit.", HelpName = "number" };
        var record = new Command("record", "Record a goal's outcome for a period; recording again replaces it and keeps the history. Prints the status it gives.")
        {
            goal, period, value, scope, women, men, source, comment, forecast,
        };
        plan.AddTo(record);
        record.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var problems = new List<string>();
            string Number(Option<string?> option)
            {
                var text = parse.GetValue(option);
                if (string.IsNullOrWhiteSpace(text)) return "";
                if (GoalsData.Value(text) is { } v) return v;
                problems.Add($"{option.Name}: '{text}' is not a number.");
                return "";
            }
            var values = new OutcomeValues { Total = Number(value), Women = Number(women), Men = Number(men) };
            var fullYear = Number(forecast);
            var scopes = new List<ScopeOutcome>();
            foreach (var pair in parse.GetValue(scope) ?? [])
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Length > 0 && GoalsData.Value(parts[1]) is { } parsed) scopes.Add(new ScopeOutcome { Scope = parts[0], Value = parsed });
                else problems.Add($"--scope: '{pair}' is not SCOPE=NUMBER (e.g. RJH=5,1).");
            }
            if (values.Total.Length == 0 && values.Women.Length == 0 && values.Men.Length == 0 && scopes.Count == 0 && problems.Count == 0)
                problems.Add("--value or --scope: an outcome needs a value.");
            var chosen = ParsePeriod(parse.GetRequiredValue(period));
            if (problems.Count > 0) throw new UsageException(problems);
            var request = new RecordOutcomeRequest
            {
                BodyCode = parse.GetRequiredValue(plan.Body), Year = parse.GetRequiredValue(plan.Year), GoalCode = parse.GetRequiredValue(goal), Period = chosen,
                Outcome = values, Source = parse.GetValue(source) ?? "", Comment = parse.GetValue(comment) ?? "", FullYearForecast = fullYear,
                Scopes = { scopes },
            };
            var client = session.Goals();
            request.Etag = (await CurrentFollowUpAsync(client, request.BodyCode, request.Year, request.GoalCode, chosen, ct)).OutcomeEtag;
            WriteFollowUp(session.Out, await client.RecordOutcomeAsync(request, cancellationToken: ct));
            return ExitCodes.Ok;
        });
        return new Command("outcome", "Goal outcomes (utfall).") { record };
    }

    /// The goal's follow-up for the period as it is now. A change sends the etag read here, so one made by
    /// someone else in between is refused (ABORTED) instead of overwritten.
    public static async Task<GoalFollowUp> CurrentFollowUpAsync(GoalsService.GoalsServiceClient client, string body, int year, string goal, CommonPeriod period, CancellationToken ct) =>
        await client.GetGoalFollowUpAsync(new GetGoalFollowUpRequest { BodyCode = body, Year = year, GoalCode = goal, Period = period }, cancellationToken: ct);

    /// One goal's follow-up for a period after a change: what is in force and why.
    public static void WriteFollowUp(IAnsiConsole console, GoalFollowUp f)
    {
        console.MarkupLine($"[bold]{Markup.Escape(f.Goal.Code)}[/] {Markup.Escape(Shorten(f.Goal.Name, 90))}");
        console.MarkupLine($"Target: {Markup.Escape(f.Goal.Target?.Text ?? "")}");
        if (f.Outcome is { } o)
        {
            console.MarkupLine($"Outcome {PeriodArgument.Text(f.Period)}: {Markup.Escape(OutcomeText(o.Outcome))} [grey](version {o.Version}, {f.OutcomeHistory.Count} recorded)[/]");
            if (o.FullYearForecast.Length > 0) console.MarkupLine($"Full-year forecast: {Markup.Escape(OutcomeText(new OutcomeValues { Total = o.FullYearForecast }))}");
        }
        var why = f.Manual ? $"assessed by {Markup.Escape(f.Assessment.AssessedBy)}; the rule gives {StatusMarkup(f.ComputedStatus)}" : "by the plan's rule";
        console.MarkupLine($"Status {PeriodArgument.Text(f.Period)}: {StatusMarkup(f.Status)} ({why})");
        foreach (var s in f.ScopeStatuses)
        {
            var target = s.Target.Length == 0 ? "no target for the scope" : $"target {(s.Bound == Bound.AtMost ? "at most" : "at least")} {OutcomeText(new OutcomeValues { Total = s.Target })}{(s.Unit.Length > 0 ? " " + s.Unit : "")}";
            console.MarkupLine($"  {Markup.Escape(s.Scope)}: {Markup.Escape(OutcomeText(new OutcomeValues { Total = s.Value }))} ({Markup.Escape(target)}) {StatusMarkup(s.Status)}");
        }
        if (f.Assessment is { } a) console.MarkupLine($"Analysis: {Markup.Escape(a.Analysis)}");
    }

    public static string OutcomeText(OutcomeValues? o)
    {
        if (o is null || o.Total.Length == 0 && o.Women.Length == 0 && o.Men.Length == 0) return "·";
        static string N(string s) => s.Length == 0 ? "·" : decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture).ToString("#,0.##", Amounts.Swedish);
        var split = o.Women.Length > 0 || o.Men.Length > 0 ? $" (women {N(o.Women)}, men {N(o.Men)})" : "";
        return N(o.Total) + split;
    }

    private static string StatusMarkup(GoalStatus status) => status switch
    {
        GoalStatus.Green => "[green]green[/]",
        GoalStatus.Yellow => "[yellow]yellow[/]",
        GoalStatus.Red => "[red]red[/]",
        _ => "[grey]not measurable[/]",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static GoalStatus ParseStatus(string text) =>
        GoalsData.Statuses.TryGetValue(text.Trim(), out var status) || GoalsData.SwedishStatuses.TryGetValue(text.Trim(), out status)
            ? status
            : throw new UsageException($"--status: '{text}' is not one of {GoalsData.StatusChoices}.");

    private static CommonPeriod ParsePeriod(string text) => PeriodArgument.Require(text, "--period").ToProto();
}
