using System.CommandLine;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console;

namespace Region.Cli;

/// regionctl's exit codes, so scripts can tell a rejected request from a typo from a service that is down.
public static class ExitCodes
{
    public const int Ok = 0;
    /// The service answered and said no (invalid argument, not found, conflict, ...).
    public const int Rejected = 1;
    /// The command line or an input file is wrong; nothing was sent.
    public const int Usage = 2;
    /// A service could not be reached.
    public const int Unreachable = 3;
    /// A wait the user bounded (--timeout) ran out before the work ended.
    public const int TimedOut = 4;
}

/// A problem with what the user gave us (an option value, a data file), found before any call.
public sealed class UsageException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public UsageException(string problem) : this([problem]) { }

    public IReadOnlyList<string> Problems { get; } = problems;
}

/// The service answered, but there is nothing to show: no frames for that year, no figures for that
/// period. Said in words with a non-zero exit, never printed as a table of zeros.
public sealed class NoDataException(string message) : Exception(message)
{
    /// The years a service named as having data instead, in words: "years with frames: 2022, 2023".
    public static string YearsWith(string what, IEnumerable<int> years) => $"years with {what}: {string.Join(", ", years)}";
}

/// Turns the errors a command can expect into a red message and an exit code, never a stack trace.
public static class ErrorReporting
{
    /// command: the one that ran, so a server's field names are shown as its options (unit_code → --unit).
    public static int Report(Exception e, IAnsiConsole error, Command? command = null) => e switch
    {
        RpcException rpc => ReportRpc(rpc, error, command),
        UsageException usage => ReportUsage(usage, error),
        NoDataException noData => Line(error, noData.Message, ExitCodes.Rejected),
        OperationCanceledException => Line(error, "Cancelled.", ExitCodes.Rejected),
        _ => ReportUnexpected(e, error),
    };

    private static int ReportRpc(RpcException e, IAnsiConsole error, Command? command)
    {
        if (e.StatusCode == StatusCode.InvalidArgument && e.GetRpcStatus()?.GetDetail<BadRequest>() is { FieldViolations.Count: > 0 } badRequest)
        {
            // The status message repeats the violations in one line: each is printed once, on its own.
            var count = badRequest.FieldViolations.Count;
            error.MarkupLine($"[red]InvalidArgument: the request was refused ({count} {(count == 1 ? "problem" : "problems")}):[/]");
            foreach (var v in badRequest.FieldViolations)
                error.MarkupLine($"[red]  {Markup.Escape(OptionFor(v.Field, command))}: {Markup.Escape(v.Description)}[/]");
            return ExitCodes.Rejected;
        }
        if (RefusedHttp2(e) is { } refusal && e.Data[NameTheService.DataKey] is ServiceEndpoint http1)
        {
            error.MarkupLine($"[red]{e.StatusCode}: {Markup.Escape(http1.Grpc.ToString())} does not speak gRPC: {refusal}.[/]");
            error.MarkupLine($"[grey]{Markup.Escape(Http1Hint(http1))}[/]");
            return ExitCodes.Unreachable;
        }
        // For a connection failure the cause (e.g. "Connection refused") is the useful part.
        var cause = e.Status.DebugException is { } debug && e.StatusCode == StatusCode.Unavailable ? $" ({debug.Message})" : "";
        error.MarkupLine($"[red]{e.StatusCode}: {Markup.Escape(e.Status.Detail + cause)}[/]");
        if (e.StatusCode == StatusCode.Unauthenticated)
            error.MarkupLine("[grey]Sign in with 'regionctl login' (see 'regionctl whoami').[/]");
        if (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            // A service that answered UNAVAILABLE itself is running: its message names what it cannot
            // reach (its database, the identity provider). The hint is for calls that reached nobody.
            if (!(e.StatusCode == StatusCode.Unavailable && e.Status.DebugException is null))
                error.MarkupLine($"[grey]{Markup.Escape(UnreachableHint(e))}[/]");
            return ExitCodes.Unreachable;
        }
        return ExitCodes.Rejected;
    }

    /// Which service did not answer: the call says (see NameTheService).
    private static string UnreachableHint(RpcException e)
    {
        if (e.Data[NameTheService.DataKey] is not ServiceEndpoint service)
            return "Is the service running? Start it with deploy/local/start, or point --<service> (REGION_<SERVICE>_URL) at it.";
        var variable = KnownService.All.Single(k => k.Name == service.Name).UrlVariable;
        return $"Is the {service.Name} service running at {service.Grpc}? Start it with deploy/local/start, or point --{service.Name} ({variable}) at it.";
    }

    /// A server's field as the command's option when it has one: case_number → --case-number or
    /// --case, unit_code → --unit. Fields of a data file's rows (lines[3].amount) stay as they are.
    internal static string OptionFor(string field, Command? command)
    {
        if (command is null || field.Length == 0 || field.Contains('.') || field.Contains('[')) return field;
        var kebab = "--" + field.Replace('_', '-');
        var shorter = kebab.EndsWith("-code") || kebab.EndsWith("-number") || kebab.EndsWith("-id") ? kebab[..kebab.LastIndexOf('-')] : null;
        var names = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        return names.Contains(kebab) ? kebab : shorter is not null && names.Contains(shorter) ? shorter : field;
    }

    /// A gRPC call to a service's HTTP/1.1 port: Kestrel refuses HTTP/2 there with HTTP_1_1_REQUIRED,
    /// and closes the connection at once, so the client reads either that GOAWAY or, when the close
    /// overtakes it, a handshake the server never completed. Both mean "not a gRPC port".
    private static string? RefusedHttp2(RpcException e)
    {
        var messages = new List<string> { e.Status.Detail };
        for (Exception? x = e.Status.DebugException; x is not null; x = x.InnerException) messages.Add(x.Message);
        if (messages.Any(m => m.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal)))
            return "it answers HTTP/1.1 only (HTTP_1_1_REQUIRED)";
        if (messages.Any(m => m.Contains("did not complete the HTTP/2 handshake", StringComparison.Ordinal)))
            return "it did not complete the HTTP/2 handshake";
        return null;
    }

    private static string Http1Hint(ServiceEndpoint service)
    {
        var option = $"--{service.Name} ({KnownService.All.Single(k => k.Name == service.Name).UrlVariable})";
        return service.Grpc.Port > 100
            ? $"That is the HTTP port (JSON, health, feeds); gRPC is on the port 100 below it: {option} {new UriBuilder(service.Grpc) { Port = service.Grpc.Port - 100 }.Uri}"
            : $"Point {option} at the service's gRPC port.";
    }

    private static int ReportUsage(UsageException e, IAnsiConsole error)
    {
        foreach (var problem in e.Problems) error.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
        return ExitCodes.Usage;
    }

    private static int ReportUnexpected(Exception e, IAnsiConsole error)
    {
        // A bug or an environment problem: the type and message usually say enough; the stack
        // trace is there for whoever asks for it.
        error.MarkupLine($"[red]{Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}[/]");
        if (Environment.GetEnvironmentVariable("REGIONCTL_DEBUG") == "1") error.WriteLine(e.ToString());
        else error.MarkupLine("[grey]Set REGIONCTL_DEBUG=1 for the stack trace.[/]");
        return ExitCodes.Rejected;
    }

    private static int Line(IAnsiConsole error, string message, int code)
    {
        error.MarkupLine($"[red]{Markup.Escape(message)}[/]");
        return code;
    }
}
