using System.CommandLine;
using Spectre.Console;

namespace Region.Cli;

/// `regionctl status`: asks every known service whether it is ready. It uses the HTTP readiness probe
/// (/readyz, the same check as grpc.health.v1 with service ""), because the generated health client
/// lives in Grpc.HealthCheck, which regionctl does not reference. The broker is shown apart (from
/// /health): without it a service degrades (its outbox keeps the events) but stays ready.
public static class StatusCommand
{
    // The broker check's name in /health (ServiceDefaults' BusExtensions).
    private const string BrokerEntry = "broker:";

    public static Command Create(GlobalOptions globals, CliContext context)
    {
        var command = new Command("status", "Is each service ready (its database reachable), and does it reach the broker? Exit 0 when all are ready (a broker away only degrades), 3 when one is unreachable, 1 when one is not ready.");
        command.SetSessionAction(globals, context, async (_, session, ct) =>
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("Service");
            table.AddColumn("gRPC");
            table.AddColumn("Probe");
            table.AddColumn("Status");
            table.AddColumn("Broker");
            var worst = ExitCodes.Ok;
            using var http = session.Http();
            foreach (var endpoint in session.Endpoints.Services.Values)
            {
                var probe = new Uri(endpoint.Http, "/readyz");
                var (status, code) = await ProbeAsync(http, probe, ct);
                worst = Math.Max(worst, code);
                var broker = code == ExitCodes.Unreachable ? "" : await BrokerAsync(http, new Uri(endpoint.Http, "/health"), ct);
                table.AddRow(endpoint.Name, Markup.Escape(endpoint.Grpc.ToString()), Markup.Escape(probe.ToString()), status, broker);
            }
            session.Out.Write(table);
            return worst;
        });
        return command;
    }

    /// The broker's entry of /health ("broker: Degraded - why"); a service without a bus has none.
    private static async Task<string> BrokerAsync(HttpClient http, Uri health, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(health, ct);
            var line = (await response.Content.ReadAsStringAsync(ct)).Split('\n')
                .FirstOrDefault(l => l.StartsWith(BrokerEntry, StringComparison.Ordinal));
            if (line is null) return "";
            // "Degraded - RabbitMQ at ... did not open a channel (...)": the service works on, its events wait.
            var entry = line[BrokerEntry.Length..].Trim();
            return entry.StartsWith("Healthy", StringComparison.Ordinal)
                ? "[green]healthy[/]"
                : $"[yellow]{Markup.Escape(entry.Replace("Degraded", "degraded", StringComparison.Ordinal))}[/]";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return "";
        }
    }

    private static async Task<(string Status, int Code)> ProbeAsync(HttpClient http, Uri probe, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(probe, ct);
            var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
            // 200 means ready; the body is the status and one line per check (what is missing, when not ready).
            return response.IsSuccessStatusCode
                ? ("[green]ready[/]", ExitCodes.Ok)
                : ($"[yellow]not ready[/] ({(int)response.StatusCode} {Markup.Escape(body)})", ExitCodes.Rejected);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ($"[red]unreachable[/] ({Markup.Escape(e.Message)})", ExitCodes.Unreachable);
        }
    }
}
