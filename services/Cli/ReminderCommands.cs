using System.CommandLine;
using Region.Reporting.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl deadlines` and `regionctl missing`: when a period's reports are due, and who has
/// not reported what (issue 20), from the reporting service.
public static class ReminderCommands
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliContext context)
    {
        yield return Deadlines(globals, context);
        yield return Missing(globals, context);
    }

    private static Command Deadlines(GlobalOptions globals, CliContext context)
    {
        var year = new Option<int>("--year") { Description = "The year whose periods to list, e.g. 2022.", Required = true, HelpName = "year" };
        var body = new Option<string?>("--body") { Description = "One body, e.g. RS (default: every body with meetings that year).", HelpName = "code" };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("deadlines", "Reporting deadlines: per period, the first meeting that presents it minus the body's lead time; a period no meeting presents is a finding.")
            { year, body, json, LeadTime(globals, context) };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.Reporting().ListDeadlinesAsync(new ListDeadlinesRequest { Year = parse.GetRequiredValue(year), BodyCode = parse.GetValue(body) ?? "" }, cancellationToken: ct);
            if (response.Deadlines.Count == 0) throw new NoDataException($"No meetings in {parse.GetRequiredValue(year)}: load a meeting calendar first.");
            if (parse.GetValue(json)) { Output.Json(session.Out, response); return ExitCodes.Ok; }
            var table = new Table().AddColumns("Body", "Period", "Due", "Meeting", "Agenda item", "Lead time");
            foreach (var d in response.Deadlines)
                table.AddRow(new Text(d.BodyCode), new Text(d.PeriodLabel),
                    d.DueDate is null ? new Markup("[red]none[/]") : new Text(DateText(d.DueDate)),
                    new Text(DateText(d.MeetingDate)), d.Finding.Length > 0 ? new Markup($"[red]{Markup.Escape(d.Finding)}[/]") : new Text(d.AgendaItem),
                    new Text($"{d.LeadTimeDays} d"));
            session.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command LeadTime(GlobalOptions globals, CliContext context)
    {
        var body = new Option<string>("--body") { Description = "The body, e.g. RS.", Required = true, HelpName = "code" };
        var days = new Option<int>("--days") { Description = "Days before the meeting the reports are due (0-120; default 14).", Required = true };
        var command = new Command("set-lead-time", "Set how many days before its meeting a body wants the reports.") { body, days };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var set = await session.Reporting().SetDeadlineLeadTimeAsync(new SetDeadlineLeadTimeRequest { BodyCode = parse.GetRequiredValue(body), Days = parse.GetRequiredValue(days) }, cancellationToken: ct);
            session.Out.MarkupLine($"Reports to [bold]{Markup.Escape(set.BodyCode)}[/] are due {set.Days} days before its meeting.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Missing(GlobalOptions globals, CliContext context)
    {
        var period = new Option<string>("--period") { Description = $"The follow-up period: {PeriodArgument.Help}.", Required = true, HelpName = "period" };
        var unit = new Option<string?>("--unit") { Description = "Only this unit and the units below it.", HelpName = "code" };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("missing", "What is not yet reported for a period, per responsible unit and its owner.") { period, unit, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.Reporting().ListMissingReportsAsync(new ListMissingReportsRequest
            {
                Period = PeriodArgument.Require(parse.GetRequiredValue(period), "--period").ToString(),
                UnitCode = parse.GetValue(unit) ?? "",
            }, cancellationToken: ct);
            if (parse.GetValue(json)) { Output.Json(session.Out, response); return ExitCodes.Ok; }
            if (response.Units.Count == 0)
            {
                session.Out.MarkupLine($"[green]Nothing missing for {Markup.Escape(response.Period)}.[/]");
                return ExitCodes.Ok;
            }
            foreach (var u in response.Units)
            {
                var owner = u.Owner is null ? "[red]no owner set[/]" : Markup.Escape($"{u.Owner.Name} <{u.Owner.Email}>");
                session.Out.MarkupLine($"[bold]{Markup.Escape(u.UnitCode)}[/] {Markup.Escape(u.UnitName)} — {owner}");
                var table = new Table().AddColumns("What", "About", "Detail");
                foreach (var item in u.Items) table.AddRow(new Text(KindText(item.Kind)), new Text(item.Subject), new Text(item.Detail));
                session.Out.Write(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string KindText(MissingReportKind kind) => kind switch
    {
        MissingReportKind.GoalOutcome => "goal outcome",
        MissingReportKind.GoalAnalysis => "analysis",
        MissingReportKind.ActivityStatus => "activity status",
        MissingReportKind.Forecast => "forecast",
        MissingReportKind.BudgetOutcome => "budget outcome",
        _ => kind.ToString(),
    };

    private static string DateText(Google.Type.Date? d) => d is null ? "" : $"{d.Year:0000}-{d.Month:00}-{d.Day:00}";
}
