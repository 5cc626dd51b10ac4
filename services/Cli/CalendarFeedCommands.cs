using System.CommandLine;
using Region.Meetings.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl calendar feed create|list|revoke`: secret addresses of a calendar's iCalendar feed
/// for calendar apps (Outlook, Google Calendar), which send no token (docs/security.md).
public static class CalendarFeedCommands
{
    /// The `feed` command under `calendar`, whose --body it shares.
    public static Command Create(GlobalOptions globals, CliContext context, Option<string> body)
    {
        var command = new Command("feed", "Secret addresses of the calendar's iCalendar feed, for calendar apps that cannot sign in (a private calendar address).");
        command.Add(CreateFeed(globals, context, body));
        command.Add(List(globals, context, body));
        command.Add(Revoke(globals, context));
        return command;
    }

    private static Command CreateFeed(GlobalOptions globals, CliContext context, Option<string> body)
    {
        var year = YearOption();
        var label = new Option<string?>("--label") { Description = "What the address is for, e.g. \"Outlook, kansliet\".", HelpName = "text" };
        var command = new Command("create", "Make a new secret feed address and print it. It is shown this once; anyone who has it can read the calendar until it is revoked.") { year, label };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var created = await session.Meetings().CreateCalendarFeedAsync(new CreateCalendarFeedRequest
            {
                BodyCode = parse.GetRequiredValue(body), Year = parse.GetRequiredValue(year), Label = parse.GetValue(label) ?? "",
            }, cancellationToken: ct);
            // The meetings service's HTTP address as regionctl reaches it; behind a proxy, the public host serves the same path.
            var address = new Uri(session.Endpoints["meetings"].Http, created.Path);
            session.Out.MarkupLine($"Feed address of {Markup.Escape(created.Feed.BodyCode)} {created.Feed.Year} (id {Markup.Escape(created.Feed.Id)}):");
            session.Out.Profile.Out.Writer.WriteLine(address.ToString());
            session.Out.MarkupLine("[yellow]Shown once: the service keeps only its hash. Anyone with the address can read the calendar; " +
                $"revoke it with 'regionctl calendar feed revoke {Markup.Escape(created.Feed.Id)}'.[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliContext context, Option<string> body)
    {
        var year = YearOption();
        var command = new Command("list", "The calendar's feed addresses, revoked ones too (never their secrets).") { year };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var list = await session.Meetings().ListCalendarFeedsAsync(
                new ListCalendarFeedsRequest { BodyCode = parse.GetRequiredValue(body), Year = parse.GetRequiredValue(year) }, cancellationToken: ct);
            if (list.Feeds.Count == 0) session.Out.MarkupLine("[grey]No feed addresses (make one with 'regionctl calendar feed create').[/]");
            else session.Out.Write(Table(list));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(GlobalOptions globals, CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The feed address's id, as 'feed create' or 'feed list' show it." };
        var command = new Command("revoke", "Revoke a feed address for good: calendar apps using it get nothing more.") { id };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var feed = await session.Meetings().RevokeCalendarFeedAsync(new RevokeCalendarFeedRequest { Id = parse.GetRequiredValue(id) }, cancellationToken: ct);
            session.Out.MarkupLine($"Feed address {Markup.Escape(feed.Id)} of {Markup.Escape(feed.BodyCode)} {feed.Year} revoked {When(feed.RevokedAt)} by {Markup.Escape(feed.RevokedBy)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table Table(ListCalendarFeedsResponse list)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var heading in new[] { "Id", "Label", "Created", "Created by", "Revoked" }) table.AddColumn(heading);
        foreach (var f in list.Feeds)
            table.AddRow(Markup.Escape(f.Id), Markup.Escape(f.Label), When(f.CreatedAt), Markup.Escape(f.CreatedBy),
                f.RevokedAt is null ? "" : Markup.Escape($"{When(f.RevokedAt)} by {f.RevokedBy}"));
        return table;
    }

    private static string When(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at?.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", Amounts.Swedish) ?? "";

    private static Option<int> YearOption() =>
        new("--year") { Description = "The calendar's year, e.g. 2022.", Required = true, HelpName = "year" };
}
