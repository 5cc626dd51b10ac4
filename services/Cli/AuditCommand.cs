using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Region.Common.V1;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl audit <service>`: who changed what in one service, newest first, from its audit
/// trail (region.common.v1.AuditService; the role controller or admin).
public static class AuditCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var service = new Argument<string>("service") { Description = "The service whose trail to show." };
        service.AcceptOnlyFromAmong(KnownService.All.Select(s => s.Name).ToArray());
        var objectOption = new Option<string?>("--object") { Description = "Only this object: kind:key (e.g. BudgetFrame:3f2c…), or a kind alone (e.g. Meeting).", HelpName = "kind[:key]" };
        var user = new Option<string?>("--user") { Description = "Only changes by this subject (a user name or client id, e.g. erik.ekonom)." };
        var since = TimeOption("--since", "Only changes at or after this time (ISO 8601, e.g. 2026-03-01 or 2026-03-01T08:00Z; UTC when no offset).");
        var until = TimeOption("--until", "Only changes before this time (as --since).");
        var limit = new Option<int>("--limit") { Description = "At most this many entries (1-5000).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 5000) r.AddError("--limit: from 1 to 5000.");
        });
        var json = new Option<bool>("--json") { Description = "Print each page as JSON (protobuf JSON mapping) instead of a table." };
        var command = new Command("audit", "The audit trail of a service: who changed which object, when, through which call, and the changed fields before and after.")
            { service, objectOption, user, since, until, limit, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var (kind, key) = SplitObject(parse.GetValue(objectOption));
            var request = new ListAuditEntriesRequest { ObjectKind = kind, ObjectKey = key, Subject = parse.GetValue(user) ?? "" };
            if (parse.GetValue(since) is { } from) request.Since = Timestamp.FromDateTimeOffset(from);
            if (parse.GetValue(until) is { } to) request.Until = Timestamp.FromDateTimeOffset(to);
            var wanted = parse.GetValue(limit);
            var client = session.Audit(parse.GetRequiredValue(service));
            var entries = new List<AuditEntry>();
            do
            {
                request.PageSize = Math.Min(500, wanted - entries.Count);
                var page = await client.ListAuditEntriesAsync(request, cancellationToken: ct);
                if (parse.GetValue(json)) Output.Json(session.Out, page);
                entries.AddRange(page.Entries);
                request.PageToken = page.NextPageToken;
            } while (request.PageToken.Length > 0 && entries.Count < wanted);
            if (parse.GetValue(json)) return ExitCodes.Ok;
            if (entries.Count == 0) session.Out.MarkupLine("[grey]No audit entries.[/]");
            else session.Out.Write(Table(entries));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<DateTimeOffset?> TimeOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
            r.AddError($"{name}: not a time: {text} (e.g. 2026-03-01 or 2026-03-01T08:00Z).");
            return null;
        },
    };

    /// "Meeting:ab12" → (Meeting, ab12); "Meeting" → (Meeting, ""). The key may itself hold colons.
    private static (string Kind, string Key) SplitObject(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return ("", "");
        var colon = value.IndexOf(':');
        return colon < 0 ? (value.Trim(), "") : (value[..colon].Trim(), value[(colon + 1)..].Trim());
    }

    public static Table Table(IEnumerable<AuditEntry> entries)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("When (UTC)") { NoWrap = true });
        table.AddColumn("Who");
        table.AddColumn("Call");
        table.AddColumn("Object");
        table.AddColumn("Action");
        table.AddColumn("Changes");
        table.AddColumn(new TableColumn("Trace") { NoWrap = true });
        foreach (var e in entries)
        {
            var who = e.SubjectName.Length > 0 ? $"{e.SubjectName} ({e.Subject})" : e.Subject;
            // The method name is enough on screen: the service is the one asked.
            var call = e.Rpc[(e.Rpc.LastIndexOf('/') + 1)..];
            table.AddRow(
                e.At.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(who), Markup.Escape(call), Markup.Escape($"{e.ObjectKind} {e.ObjectKey}"),
                Markup.Escape(e.Action), Markup.Escape(Changes(e.BeforeJson, e.AfterJson)), Markup.Escape(e.TraceId));
        }
        return table;
    }

    /// One line per changed field: "Field: before → after" (an added object shows its values, a deleted one what it had).
    private static string Changes(string beforeJson, string afterJson)
    {
        var before = beforeJson.Length > 0 ? JsonNode.Parse(beforeJson) as JsonObject : null;
        var after = afterJson.Length > 0 ? JsonNode.Parse(afterJson) as JsonObject : null;
        var fields = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []);
        return string.Join("\n", fields.Select(f => (before, after) switch
        {
            (null, _) => $"{f}: {Shown(after![f])}",
            (_, null) => $"{f}: {Shown(before[f])}",
            _ => $"{f}: {Shown(before[f])} → {Shown(after[f])}",
        }));
    }

    private static string Shown(JsonNode? value)
    {
        // Strings as people read them (JSON would escape every å, ä and ö).
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? $"\"{s}\"" : value?.ToJsonString() ?? "null";
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
