using System.CommandLine;
using System.Globalization;
using Region.Reporting.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl rebuild`: rebuilds the tenant's reporting read model beside the live one
/// (RebuildReadModel; the role admin) and shows its progress per source; with --wait follows it
/// until it is done or has failed (a source that is down is waited for until the rebuild's deadline).
/// Exits 1 when the rebuild failed, 4 when --wait timed out.
public static class RebuildCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var status = new Option<bool>("--status") { Description = "Show the latest rebuild instead of starting one." };
        var wait = new Option<bool>("--wait") { Description = "Follow the rebuild until it is done or has failed." };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: give up waiting after this many seconds (1-3600).", DefaultValueFactory = _ => 300 };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 3600) r.AddError("--timeout: from 1 to 3600 seconds.");
        });
        var command = new Command("rebuild",
            "Rebuild the reporting read model from every source's snapshot; reports are answered from the current model until the new one is complete. "
            + "A source that is down is shown unreachable and asked again every 2 s until it answers or the rebuild's deadline (Reporting:Rebuild:Timeout) fails it naming the source.")
            { status, wait, timeout };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var reporting = session.Reporting();
            var rebuild = parse.GetValue(status)
                ? await reporting.GetReadModelRebuildAsync(new(), cancellationToken: ct)
                : (await reporting.RebuildReadModelAsync(new(), cancellationToken: ct)).Rebuild;
            Show(session.Out, rebuild);
            if (parse.GetValue(wait) && rebuild.State == RebuildState.Running)
            {
                var until = DateTime.UtcNow.AddSeconds(parse.GetValue(timeout));
                var shown = Progress(rebuild);
                while (rebuild.State == RebuildState.Running)
                {
                    if (DateTime.UtcNow >= until)
                    {
                        session.Error.MarkupLine($"[yellow]Still running after {parse.GetValue(timeout)} s; see it with 'regionctl rebuild --status'.[/]");
                        return ExitCodes.TimedOut;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    rebuild = await reporting.GetReadModelRebuildAsync(new() { RebuildId = rebuild.RebuildId }, cancellationToken: ct);
                    // One line per change of progress, so a log of the wait reads as what happened.
                    if (Progress(rebuild) is var now && now != shown) session.Out.MarkupLine(Markup.Escape(shown = now));
                }
                Show(session.Out, rebuild);
            }
            return rebuild.State == RebuildState.Failed ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    static void Show(IAnsiConsole console, ReadModelRebuild rebuild)
    {
        var state = rebuild.State switch
        {
            RebuildState.Running => "[yellow]running[/]",
            RebuildState.Done => "[green]done[/]",
            _ => "[red]failed[/]",
        };
        var started = rebuild.StartedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        console.MarkupLine($"Rebuild {Markup.Escape(rebuild.RebuildId)} {state}, started {started} by {Markup.Escape(rebuild.RequestedBy)}");
        var table = new Table().AddColumns("Source", "State", "Announced", "Received", "Error");
        foreach (var s in rebuild.Sources)
            table.AddRow(Markup.Escape(s.Source), SourceState(s.State), s.HasAnnounced ? s.Announced.ToString(CultureInfo.InvariantCulture) : "–",
                s.HasExpected ? $"{s.Received} of {s.Expected}" : s.Received.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Error));
        console.Write(table);
        if (rebuild.Failure.Length > 0) console.MarkupLine($"[red]{Markup.Escape(rebuild.Failure)}[/]");
    }

    static string SourceState(RebuildSourceState state) => state switch
    {
        RebuildSourceState.Requested => "requested",
        RebuildSourceState.Receiving => "receiving",
        RebuildSourceState.Complete => "complete",
        RebuildSourceState.Unreachable => "unreachable",
        _ => "",
    };

    static string Progress(ReadModelRebuild rebuild) => string.Join(", ", rebuild.Sources.Select(s =>
        $"{s.Source} {SourceState(s.State)} {s.Received}{(s.HasExpected ? $"/{s.Expected}" : "")}"));
}
