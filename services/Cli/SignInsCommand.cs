using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl sign-ins`: the sign-in trail of the tenant's accounts, newest first, from the identity
/// provider (GET /admin/sign-ins; the role admin): who signed in, who failed or was refused, from where.
public static class SignInsCommand
{
    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var identity = new Option<string>("--identity")
        {
            Description = "Address of the identity provider. Env REGION_IDENTITY_URL; default: where 'regionctl login' signed in, else http://127.0.0.1:5206.",
            DefaultValueFactory = _ => context.Environment("REGION_IDENTITY_URL") is { Length: > 0 } url ? url
                : TokenStore.For(context.Environment)?.Read()?.Identity.ToString() ?? IdentityClient.DefaultIdentity.ToString(),
            HelpName = "url",
        };
        var account = new Option<string?>("--account") { Description = "Only this account's attempts (a user name)." };
        var outcome = new Option<string?>("--outcome") { Description = "Only attempts with this outcome." };
        outcome.AcceptOnlyFromAmong("signed_in", "failed", "refused");
        var since = AuditCommand.TimeOption("--since", "Only attempts at or after this time (ISO 8601, e.g. 2026-03-01 or 2026-03-01T08:00Z; UTC when no offset).");
        var limit = new Option<int>("--limit") { Description = "At most this many attempts (1-1000).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--limit: from 1 to 1000.");
        });
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON instead of a table." };
        var command = new Command("sign-ins", "The sign-in trail of the tenant's accounts, newest first: each attempt on the sign-in page, its outcome (signed_in, failed, refused after too many failures) and the address it came from. Needs the role admin.")
            { identity, account, outcome, since, limit, json };
        command.SetSessionAction(globals, context, async (parse, session, ct) =>
        {
            var provider = Uri.TryCreate(parse.GetValue(identity), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
                : throw new UsageException($"--identity: '{parse.GetValue(identity)}' is not an http:// or https:// address.");
            var query = new List<string> { $"limit={parse.GetValue(limit)}" };
            if (parse.GetValue(account) is { } name) query.Add("account=" + Uri.EscapeDataString(name));
            if (parse.GetValue(outcome) is { } kind) query.Add("outcome=" + kind);
            if (parse.GetValue(since) is { } from) query.Add("since=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(provider, "admin/sign-ins?" + string.Join('&', query)));
            request.Headers.Add("x-tenant", session.Tenant);
            if (session.AccessToken is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var http = session.Http();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                session.Error.MarkupLine($"[red]The identity provider at {Markup.Escape(provider.ToString())} did not answer: {Markup.Escape(e.Message)}[/]");
                session.Error.MarkupLine("[grey]Is it running? Start it with deploy/local/start, or point --identity (REGION_IDENTITY_URL) at it.[/]");
                return ExitCodes.Unreachable;
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode) return Refused(session.Error, response.StatusCode, body);
                using var answer = JsonDocument.Parse(body);
                if (parse.GetValue(json)) session.Out.WriteLine(body);
                else if (answer.RootElement.GetProperty("signIns").GetArrayLength() == 0) session.Out.MarkupLine("[grey]No sign-in attempts.[/]");
                else session.Out.Write(Table(answer.RootElement.GetProperty("signIns")));
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// The provider's problem answer in words: its detail, or each field's violations.
    private static int Refused(IAnsiConsole error, HttpStatusCode status, string body)
    {
        var lines = new List<string>();
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("errors", out var errors))
                foreach (var field in errors.EnumerateObject())
                    lines.AddRange(field.Value.EnumerateArray().Select(d => $"--{field.Name}: {d.GetString()}"));
            else if (problem.RootElement.TryGetProperty("detail", out var detail)) lines.Add(detail.GetString() ?? "");
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's page): the status says enough.
        }
        error.MarkupLine($"[red]{(int)status} {Markup.Escape(status.ToString())}{(lines.Count == 1 ? ": " + Markup.Escape(lines[0]) : "")}[/]");
        if (lines.Count > 1) foreach (var line in lines) error.MarkupLine($"[red]  {Markup.Escape(line)}[/]");
        if (status == HttpStatusCode.Unauthorized) error.MarkupLine("[grey]Sign in with 'regionctl login' (see 'regionctl whoami').[/]");
        return status == HttpStatusCode.ServiceUnavailable ? ExitCodes.Unreachable : ExitCodes.Rejected;
    }

    private static Table Table(JsonElement attempts)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("When (UTC)") { NoWrap = true });
        table.AddColumn("Account");
        table.AddColumn("Outcome");
        table.AddColumn("Address");
        foreach (var a in attempts.EnumerateArray())
            table.AddRow(
                Markup.Escape(a.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                Markup.Escape(a.GetProperty("account").GetString() ?? ""),
                Markup.Escape(a.GetProperty("outcome").GetString() ?? ""),
                Markup.Escape(a.GetProperty("address").GetString() ?? ""));
        return table;
    }
}
