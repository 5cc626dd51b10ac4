using System.CommandLine;
using Region.Meetings.V1;
using Spectre.Console;

namespace Region.Cli;

/// The meetings service's commands: the board's calendar, its iCalendar export and secret feed
/// addresses (CalendarFeedCommands), and the follow-up plan's coverage.
public static class MeetingsCommands
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliContext context)
    {
        yield return Calendar(globals, context);
        yield return Coverage(globals, context);
    }

    private static Command Calendar(GlobalOptions globals, CliContext context)
    {
        var body = BodyOption();
        var year = new Option<int?>("--year") { Description = "The calendar's year, e.g. 2022. Without it: the list of calendars.", HelpName = "year" };
        var command = new Command("calendar", "A body's meeting calendar: every meeting with its agenda items and who presents them (sammanträdesplanering).") { body, year };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var client = session.Meetings();
            if (parse.GetValue(year) is not { } y)
            {
                var list = await client.ListCalendarsAsync(new ListCalendarsRequest(), cancellationToken: ct);
                if (list.Calendars.Count == 0) session.Out.MarkupLine("[grey]No calendars yet (load one with 'regionctl import demo-data/rs-2022/meetings.yaml').[/]");
                else session.Out.Write(MeetingsOutput.Calendars(list));
                return ExitCodes.Ok;
            }
            var calendar = await client.GetCalendarAsync(new GetCalendarRequest { BodyCode = parse.GetRequiredValue(body), Year = y }, cancellationToken: ct);
            session.Out.Write(MeetingsOutput.CalendarTable(calendar));
            return ExitCodes.Ok;
        });
        command.Add(Export(globals, context, body));
        command.Add(CalendarFeedCommands.Create(globals, context, body));
        return command;
    }

    private static Command Export(GlobalOptions globals, CliContext context, Option<string> body)
    {
        var year = YearOption();
        var ics = new Option<bool>("--ics") { Description = "iCalendar (RFC 5545), for Outlook or Google Calendar. The only format, and required so scripts say what they get." };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output.", HelpName = "file" };
        var command = new Command("export", "Export the calendar as iCalendar: one event per meeting, the agenda in its description.") { year, ics, output };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            if (!parse.GetValue(ics)) throw new UsageException("Say the format: --ics (iCalendar).");
            var export = await session.Meetings().ExportCalendarAsync(
                new ExportCalendarRequest { BodyCode = parse.GetRequiredValue(body), Year = parse.GetRequiredValue(year) }, cancellationToken: ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, export.Ics, ct);
                session.Out.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(file))} ({Markup.Escape(export.FileName)}).");
            }
            else session.Out.Profile.Out.Writer.Write(export.Ics);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Coverage(GlobalOptions globals, CliContext context)
    {
        var body = BodyOption();
        var year = YearOption();
        var command = new Command("coverage", "What the calendar misses against its follow-up plan: areas scheduled too seldom, items pointing at no area.") { body, year };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var coverage = await session.Meetings().GetCoverageAsync(
                new GetCoverageRequest { BodyCode = parse.GetRequiredValue(body), Year = parse.GetRequiredValue(year) }, cancellationToken: ct);
            MeetingsOutput.Coverage(session.Out, coverage);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string> BodyOption() =>
        new("--body") { Description = "The body whose calendar, e.g. RS (Regionstyrelsen).", DefaultValueFactory = _ => "RS", HelpName = "code", Recursive = true };

    private static Option<int> YearOption() =>
        new("--year") { Description = "The calendar's year, e.g. 2022.", Required = true, HelpName = "year" };
}

/// Tables for the meetings commands.
public static class MeetingsOutput
{
    public static Table Calendars(ListCalendarsResponse list)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Body");
        table.AddColumn("Year");
        table.AddColumn("Name");
        foreach (var heading in new[] { "Meetings", "Items", "Plan areas" }) table.AddColumn(new TableColumn(heading) { Alignment = Justify.Right });
        foreach (var c in list.Calendars)
            table.AddRow(Markup.Escape(c.BodyCode), c.Year.ToString(Amounts.Swedish), Markup.Escape(c.Name),
                c.Meetings.ToString(Amounts.Swedish), c.Items.ToString(Amounts.Swedish), c.PlanAreas.ToString(Amounts.Swedish));
        return table;
    }

    public static Table CalendarTable(Region.Meetings.V1.Calendar calendar)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title(Markup.Escape(string.IsNullOrEmpty(calendar.Name) ? $"{calendar.BodyCode} {calendar.Year}" : calendar.Name));
        table.AddColumn("Date");
        table.AddColumn("Meeting / item");
        table.AddColumn("Category");
        table.AddColumn("Presented by");
        table.AddColumn("Covers");
        foreach (var m in calendar.Meetings)
        {
            var what = (m.Cancelled ? "CANCELLED " : "") + (m.Title.Length > 0 ? m.Title : Kind(m.Kind)) + (m.Place.Length > 0 ? $", {m.Place}" : "");
            table.AddRow($"[bold]{Dates(m)}[/]", $"[bold]{Markup.Escape(what)}[/]", "", "", "");
            foreach (var i in m.Items)
                table.AddRow("", "  " + Markup.Escape(i.Title), Category(i.Category), Markup.Escape(i.ResponsibleRole), PeriodArgument.Text(i.Covers));
        }
        table.Caption($"{calendar.Meetings.Count} meetings, {calendar.Meetings.Sum(m => m.Items.Count)} items; follow-up plan: {calendar.Plan.Areas.Count} areas");
        return table;
    }

    /// What the calendar's import found contradicting in its own titles, as the budget import shows its table's findings.
    public static void Findings(IAnsiConsole console, Region.Meetings.V1.Calendar calendar)
    {
        if (calendar.Source.Length == 0) return;
        if (calendar.Findings.Count == 0)
        {
            console.MarkupLine("[green]No findings: every title agrees with its item's and meeting's data.[/]");
            return;
        }
        var table = new Table().Title($"{calendar.Findings.Count} findings in {Markup.Escape(calendar.Source)}").Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("Meeting") { NoWrap = true });
        table.AddColumn("Title");
        table.AddColumn("Says");
        table.AddColumn("Data");
        table.AddColumn("Why");
        foreach (var f in calendar.Findings)
            table.AddRow($"{f.MeetingDate.Year:0000}-{f.MeetingDate.Month:00}-{f.MeetingDate.Day:00}", Markup.Escape(f.Item),
                $"[yellow]{Markup.Escape(f.Stated)}[/]", Markup.Escape(f.Actual), Markup.Escape(f.Message));
        console.Write(table);
    }

    public static void Coverage(IAnsiConsole console, Coverage coverage)
    {
        if (coverage.Complete)
        {
            console.MarkupLine($"[green]Coverage {Markup.Escape(coverage.BodyCode)} {coverage.Year}: complete; every area of the plan is scheduled often enough.[/]");
            return;
        }
        console.MarkupLine($"Coverage {Markup.Escape(coverage.BodyCode)} {coverage.Year}: {coverage.Gaps.Count} area(s) scheduled too seldom, {coverage.UnplannedItems.Count} item(s) pointing at no area of the plan.");
        if (coverage.Gaps.Count > 0)
        {
            var gaps = new Table().Border(TableBorder.Simple);
            gaps.AddColumn("Area");
            gaps.AddColumn("Required");
            gaps.AddColumn(new TableColumn("Scheduled") { Alignment = Justify.Right });
            gaps.AddColumn("Missing tertials");
            foreach (var g in coverage.Gaps)
                gaps.AddRow(Markup.Escape(g.Area), Frequency(g.Frequency), g.Scheduled.ToString(Amounts.Swedish), string.Join(", ", g.MissingTertials.Select(t => $"T{t}")));
            console.Write(gaps);
        }
        if (coverage.UnplannedItems.Count > 0)
        {
            var items = new Table().Border(TableBorder.Simple);
            items.AddColumn("Meeting");
            items.AddColumn("Item");
            items.AddColumn("Category");
            items.AddColumn("Area named");
            foreach (var u in coverage.UnplannedItems)
                items.AddRow($"{u.MeetingDate.Year}-{u.MeetingDate.Month:00}-{u.MeetingDate.Day:00}", Markup.Escape(u.Item.Title), Category(u.Item.Category), Markup.Escape(u.Item.FollowUpArea));
            console.Write(items);
        }
    }

    private static string Dates(Meeting m)
    {
        var start = $"{m.StartDate.Year}-{m.StartDate.Month:00}-{m.StartDate.Day:00}";
        if (m.EndDate is null || (m.EndDate.Month == m.StartDate.Month && m.EndDate.Day == m.StartDate.Day)) return start;
        return $"{start}–{m.EndDate.Month:00}-{m.EndDate.Day:00}";
    }

    public static string Kind(MeetingKind kind) => kind switch
    {
        MeetingKind.BoardMeeting => "Board meeting",
        MeetingKind.PlanningDay => "Planning day",
        MeetingKind.BudgetDay => "Budget day",
        MeetingKind.SeparateProgramme => "Separate programme",
        _ => "?",
    };

    public static string Category(AgendaCategory category) => category switch
    {
        AgendaCategory.Recurring => "recurring",
        AgendaCategory.FollowUp => "follow-up",
        AgendaCategory.Theme => "theme",
        _ => "?",
    };

    private static string Frequency(FollowUpFrequency frequency) => frequency switch
    {
        FollowUpFrequency.Once => "once",
        FollowUpFrequency.Twice => "twice",
        FollowUpFrequency.PerTertial => "per tertial",
        _ => "?",
    };
}
