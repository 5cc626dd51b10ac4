using System.CommandLine;
using System.Globalization;
using Region.Notifications.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl notifications list|opt-out` and `regionctl reminders run` (issue 20): the reminder
/// mails the notifications service sent, opting an address out, and a reminder run on demand.
public static class NotificationsCommands
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliContext context)
    {
        yield return new Command("notifications", "The reminder mails of the notifications service.") { List(globals, context), OptOut(globals, context) };
        yield return new Command("reminders", "The reminder job of the notifications service.") { Run(globals, context) };
    }

    private static Command List(GlobalOptions globals, CliContext context)
    {
        var email = new Option<string?>("--email") { Description = "Only the mails to this address.", HelpName = "address" };
        var period = new Option<string?>("--period") { Description = $"Only this period: {PeriodArgument.Help}.", HelpName = "period" };
        var status = new Option<string?>("--status") { Description = "Only pending, sent, failed or skipped.", HelpName = "status" };
        var pageSize = new Option<int>("--page-size") { Description = "At most this many (1-200; default 50).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("list", "The mails sent (newest first), with their status and, for a failed one, the reason.") { email, period, status, pageSize, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var request = new ListNotificationsRequest
            {
                Email = parse.GetValue(email) ?? "",
                Period = parse.GetValue(period) is { } p ? PeriodArgument.Require(p, "--period").ToString() : "",
                Status = StatusOf(parse.GetValue(status)),
                PageSize = parse.GetValue(pageSize),
            };
            var response = await session.Notifications().ListNotificationsAsync(request, cancellationToken: ct);
            if (parse.GetValue(json)) { Output.Json(session.Out, response); return ExitCodes.Ok; }
            if (response.Notifications.Count == 0) throw new NoDataException("No notifications yet: the reminder job sends them before each deadline (or run it: regionctl reminders run).");
            var table = new Table().AddColumns("Created", "To", "Cc", "Period", "Reminder", "Items", "Status", "Reason");
            foreach (var n in response.Notifications)
                table.AddRow(new Text(n.CreatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    new Text($"{n.RecipientName} <{n.RecipientEmail}>"), new Text(string.Join(", ", n.Cc)), new Text($"{n.BodyCode} {n.Period}"),
                    new Text(n.Overdue ? "overdue" : $"{n.DaysBefore} days before"), new Text(n.Items.ToString(CultureInfo.InvariantCulture)),
                    StatusText(n.Status), new Text(n.Reason));
            session.Out.Write(table);
            if (response.NextPageToken.Length > 0) session.Out.MarkupLine($"[grey]{response.Notifications.Count} of {response.TotalSize}; --page-size for more.[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command OptOut(GlobalOptions globals, CliContext context)
    {
        var email = new Option<string>("--email") { Description = "The address.", Required = true, HelpName = "address" };
        var resume = new Option<bool>("--resume") { Description = "Resume reminders to the address instead." };
        var command = new Command("opt-out", "Stop (or with --resume, resume) reminders to an address; audited.") { email, resume };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var set = await session.Notifications().SetOptOutAsync(new SetOptOutRequest { Email = parse.GetRequiredValue(email), OptedOut = !parse.GetValue(resume) }, cancellationToken: ct);
            session.Out.MarkupLine(set.OptedOut
                ? $"No more reminders to [bold]{Markup.Escape(set.Email)}[/]."
                : $"Reminders to [bold]{Markup.Escape(set.Email)}[/] resumed.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(GlobalOptions globals, CliContext context)
    {
        var asOf = new Option<string?>("--as-of") { Description = "Act as if today were this day, e.g. 2022-08-30 (default: today).", HelpName = "date" };
        var command = new Command("run", "Admin: run the reminder job now for the tenant; a reminder already sent is not sent again.") { asOf };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var request = new RunRemindersRequest();
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    throw new UsageException($"--as-of: '{text}' is not a date (YYYY-MM-DD).");
                request.AsOf = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day };
            }
            var response = await session.Notifications().RunRemindersAsync(request, cancellationToken: ct);
            foreach (var line in response.Published) session.Out.WriteLine(line);
            session.Out.MarkupLine($"{response.Published.Count} reminder(s) published for {response.Deadlines} deadline(s) due; {response.AlreadySent} already sent before.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static NotificationStatus StatusOf(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => NotificationStatus.Unspecified,
        "pending" => NotificationStatus.Pending,
        "sent" => NotificationStatus.Sent,
        "failed" => NotificationStatus.Failed,
        "skipped" => NotificationStatus.Skipped,
        _ => throw new UsageException($"--status: '{text}' is not pending, sent, failed or skipped."),
    };

    private static Markup StatusText(NotificationStatus s) => s switch
    {
        NotificationStatus.Sent => new Markup("[green]sent[/]"),
        NotificationStatus.Failed => new Markup("[red]failed[/]"),
        NotificationStatus.Skipped => new Markup("[grey]skipped[/]"),
        _ => new Markup("[yellow]pending[/]"),
    };
}
