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
public sealed class NoDataException(string message) : Exception(message);

/// Turns the errors a command can expect into a red message and an exit code, never a stack trace.
public static class ErrorReporting
{
    public static int Report(Exception e, IAnsiConsole error) => e switch
    {
        RpcException rpc => ReportRpc(rpc, error),
        UsageException usage => ReportUsage(usage, error),
        NoDataException noData => Line(error, noData.Message, ExitCodes.Rejected),
        OperationCanceledException => Line(error, "Cancelled.", ExitCodes.Rejected),
        _ => ReportUnexpected(e, error),
    };

    private static int ReportRpc(RpcException e, IAnsiConsole error)
    {
        // For a connection failure the cause (e.g. "Connection refused") is the useful part.
        var cause = e.Status.DebugException is { } debug && e.StatusCode == StatusCode.Unavailable ? $" ({debug.Message})" : "";
        error.MarkupLine($"[red]{e.StatusCode}: {Markup.Escape(e.Status.Detail + cause)}[/]");
        if (e.StatusCode == StatusCode.InvalidArgument && e.GetRpcStatus()?.GetDetail<BadRequest>() is { } badRequest)
            foreach (var v in badRequest.FieldViolations)
                error.MarkupLine($"[red]  {Markup.Escape(v.Field)}: {Markup.Escape(v.Description)}[/]");
        if (e.StatusCode == StatusCode.Unauthenticated)
            error.MarkupLine("[grey]Sign in with 'regionctl login' (see 'regionctl whoami').[/]");
        if (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
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
