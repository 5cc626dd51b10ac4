using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Region.Common.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl dead-letters list|show|replay|discard <service>`: what a service could not publish
/// (its outbox dead letters) or could not apply (its consumers' error queues), and acting on them
/// (region.common.v1.DeadLetterService; the role admin).
public static class DeadLettersCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var command = new Command("dead-letters", "Events a service could not publish (outbox) or apply (error queues): list, show, replay after the fix, or discard with a reason.");
        command.Add(List(globals, context));
        command.Add(Show(globals, context));
        command.Add(Replay(globals, context));
        command.Add(Discard(globals, context));
        return command;
    }

    static Argument<string> ServiceArgument()
    {
        var service = new Argument<string>("service") { Description = "The service whose dead letters to use." };
        service.AcceptOnlyFromAmong(KnownService.All.Select(s => s.Name).ToArray());
        return service;
    }

    static Argument<string> IdArgument() =>
        new("id") { Description = "The dead letter's id as list shows it: outbox:<number> or queue:<error queue>:<message id>." };

    static Option<bool> JsonOption() => new("--json") { Description = "Print the answer as JSON (protobuf JSON mapping)." };

    static Command List(GlobalOptions globals, CliContext context)
    {
        var service = ServiceArgument();
        var source = new Option<string?>("--source") { Description = "Only outbox or error-queue dead letters." };
        source.AcceptOnlyFromAmong("outbox", "error-queue");
        var limit = new Option<int>("--limit") { Description = "At most this many per source (1-200).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 200) r.AddError("--limit: from 1 to 200.");
        });
        var json = JsonOption();
        var command = new Command("list", "The service's dead letters: the outbox's newest first, then each error queue's oldest first.") { service, source, limit, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var request = new ListDeadLettersRequest
            {
                PageSize = parse.GetValue(limit),
                Source = parse.GetValue(source) switch
                {
                    "outbox" => DeadLetterSource.Outbox,
                    "error-queue" => DeadLetterSource.ErrorQueue,
                    _ => DeadLetterSource.Unspecified,
                },
            };
            var response = await session.DeadLetters(parse.GetRequiredValue(service)).ListDeadLettersAsync(request, cancellationToken: ct);
            if (parse.GetValue(json))
            {
                Output.Json(session.Out, response);
                return ExitCodes.Ok;
            }
            if (response.DeadLetters.Count == 0) session.Out.MarkupLine("[grey]No dead letters.[/]");
            else session.Out.Write(Table(response.DeadLetters));
            foreach (var queue in response.ErrorQueues)
                session.Out.MarkupLine($"[grey]{Markup.Escape(queue.Name)}: {queue.MessageCount} message(s), every tenant's[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(GlobalOptions globals, CliContext context)
    {
        var (service, id, json) = (ServiceArgument(), IdArgument(), JsonOption());
        var command = new Command("show", "One dead letter with its error and payload.") { service, id, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var letter = await session.DeadLetters(parse.GetRequiredValue(service))
                .GetDeadLetterAsync(new GetDeadLetterRequest { Id = parse.GetRequiredValue(id) }, cancellationToken: ct);
            if (parse.GetValue(json))
            {
                Output.Json(session.Out, letter);
                return ExitCodes.Ok;
            }
            session.Out.Write(Table([letter]));
            session.Out.WriteLine(letter.PayloadJson);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Replay(GlobalOptions globals, CliContext context)
    {
        var (service, id) = (ServiceArgument(), IdArgument());
        var command = new Command("replay", "Send it again (after the fix): back into the outbox, or back to the queue its consumer reads.") { service, id };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.DeadLetters(parse.GetRequiredValue(service))
                .ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Id = parse.GetRequiredValue(id) }, cancellationToken: ct);
            session.Out.MarkupLine($"Replayed {Markup.Escape(response.DeadLetter.Id)} ({Markup.Escape(response.DeadLetter.MessageType)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Discard(GlobalOptions globals, CliContext context)
    {
        var (service, id) = (ServiceArgument(), IdArgument());
        var reason = new Option<string>("--reason") { Description = "Why it may be dropped (kept in the audit trail).", Required = true };
        var command = new Command("discard", "Drop it for good; the reason and the payload go into the audit trail.") { service, id, reason };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var response = await session.DeadLetters(parse.GetRequiredValue(service)).DiscardDeadLetterAsync(
                new DiscardDeadLetterRequest { Id = parse.GetRequiredValue(id), Reason = parse.GetRequiredValue(reason) }, cancellationToken: ct);
            session.Out.MarkupLine($"Discarded {Markup.Escape(response.DeadLetter.Id)} ({Markup.Escape(response.DeadLetter.MessageType)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Table Table(IEnumerable<DeadLetter> letters)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Id");
        table.AddColumn("Event");
        table.AddColumn(new TableColumn("Failed (UTC)") { NoWrap = true });
        table.AddColumn("Attempts");
        table.AddColumn("Error");
        foreach (var d in letters)
        {
            // The namespace is the same for every event: the type's own name is enough on screen.
            var type = d.MessageType[(d.MessageType.LastIndexOf('.') + 1)..];
            table.AddRow(Markup.Escape(d.Id), Markup.Escape(type), When(d.FailedAt),
                d.Source == DeadLetterSource.Outbox ? d.Attempts.ToString(CultureInfo.InvariantCulture) : "",
                Markup.Escape(d.Error.Length <= 120 ? d.Error : d.Error[..117] + "..."));
        }
        return table;
    }

    static string When(Timestamp? t) => t is null ? "" : t.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
