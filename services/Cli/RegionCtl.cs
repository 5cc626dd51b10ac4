using System.CommandLine;
using System.CommandLine.Invocation;
using Region.Contracts.Text;
using Spectre.Console;

namespace Region.Cli;

/// regionctl: the command tree, the global options and the exit codes. Commands run against a
/// CliContext, so tests invoke exactly what the executable does, in-process.
public static class RegionCtl
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions(context.Environment);
        var root = new RootCommand(RootDescription);
        globals.AddTo(root);
        foreach (var command in BudgetCommands.Create(globals, context)) root.Add(command);
        foreach (var command in GoalsCommands.Create(globals, context)) root.Add(command);
        root.Add(InvestmentsCommands.Create(globals, context));
        foreach (var command in MeetingsCommands.Create(globals, context)) root.Add(command);
        root.Add(ReportCommand.Create(globals, context));
        foreach (var command in ReminderCommands.Create(globals, context)) root.Add(command);
        foreach (var command in NotificationsCommands.Create(globals, context)) root.Add(command);
        root.Add(ImportCommand.Create(globals, context));
        root.Add(GenerateCommand.Create(globals, context));
        root.Add(StatusCommand.Create(globals, context));
        root.Add(AuditCommand.Create(globals, context));
        root.Add(SignInsCommand.Create(globals, context));
        root.Add(DeadLettersCommand.Create(globals, context));
        root.Add(RebuildCommand.Create(globals, context));
        foreach (var command in LoginCommands.Create(context)) root.Add(command);

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // System.CommandLine would exit with 1, which here means "the server said no".
            foreach (var error in parse.Errors) context.Error.MarkupLine($"[red]{Markup.Escape(error.Message)}[/]");
            foreach (var hint in TypoHints(parse)) context.Error.MarkupLine($"[yellow]{Markup.Escape(hint)}[/]");
            context.Error.MarkupLine($"[grey]See 'regionctl {Markup.Escape(CommandPath(parse.CommandResult.Command))}--help'.[/]");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration
        {
            Output = context.Out.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
            // Every action reports its own errors (ErrorReporting); anything else is a bug worth a trace.
            EnableDefaultExceptionHandler = true,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private const string RootDescription = """
        regionctl: RegionServices from the terminal. Budget frames, their ledger, outcomes and the
        deviation; goals and their follow-up; investments; the board's meetings and calendar feeds;
        the follow-up report; the audit trail; sign-in and its trail, the demo data and a generated region-sized data set.

        Where the services are (options of every command, left out of each command's help):
          --budget, --goals, --investments, --meetings, --reporting <url>   gRPC address
              (env REGION_<SERVICE>_URL; default http://127.0.0.1:5101 … 5105, notifications 5107)
          --<service>-http <url>   HTTP address for health (default: the gRPC port + 100)
        """;

    /// "Did you mean frames?" for each word the parser did not know, from the command's own
    /// subcommands and options.
    private static IEnumerable<string> TypoHints(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var known = command.Subcommands.Select(c => c.Name)
            .Concat(command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive))).Select(o => o.Name))
            .ToList();
        foreach (var token in parse.UnmatchedTokens)
            if (Suggestions.DidYouMean(token, known) is { Length: > 0 } hint) yield return $"'{token}':{hint}";
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = s.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }

    /// Runs a command's body with a session built from the global options, turning the errors it can
    /// expect into an exit code (see ErrorReporting).
    internal static void SetSessionAction(this Command command, GlobalOptions globals, CliContext context,
        Func<ParseResult, Session, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await body(parse, await globals.SessionAsync(parse, context, ct), ct);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ErrorReporting.Report(e, context.Error, parse.CommandResult.Command);
            }
        });
}

/// The options every command takes: the tenant to act for and where each service is.
public sealed class GlobalOptions
{
    private readonly Dictionary<string, (Option<string> Grpc, Option<string?> Http)> _services = [];

    public GlobalOptions(Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;

        Tenant = new Option<string>("--tenant")
        {
            Description = "The region (tenant) to act for, one of the signed-in token's tenants (sent as x-tenant). Env REGION_TENANT.",
            DefaultValueFactory = _ => Env("REGION_TENANT") ?? "rjh",
            Recursive = true,
        };
        foreach (var service in KnownService.All)
        {
            var grpc = new Option<string>($"--{service.Name}")
            {
                Description = $"gRPC address of the {service.Name} service. Env {service.UrlVariable}.",
                DefaultValueFactory = _ => Env(service.UrlVariable) ?? service.DefaultGrpc.ToString().TrimEnd('/'),
                HelpName = "url",
                Recursive = true,
                Hidden = true,
            };
            var http = new Option<string?>($"--{service.Name}-http")
            {
                Description = $"HTTP address of the {service.Name} service's health probes (default: the gRPC port + 100). Env {service.HttpUrlVariable}.",
                DefaultValueFactory = _ => Env(service.HttpUrlVariable),
                HelpName = "url",
                Recursive = true,
                Hidden = true,
            };
            _services[service.Name] = (grpc, http);
        }
    }

    public Option<string> Tenant { get; }

    public void AddTo(RootCommand root)
    {
        root.Add(Tenant);
        foreach (var (grpc, http) in _services.Values)
        {
            root.Add(grpc);
            root.Add(http);
        }
    }

    /// The session of one command: the endpoints, the tenant and the access token for it (the
    /// stored login's, or the context's own token source).
    public async Task<Session> SessionAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var problems = new List<string>();
        var endpoints = new Dictionary<string, ServiceEndpoint>();
        foreach (var (name, (grpcOption, httpOption)) in _services)
        {
            var grpc = Url(parse.GetValue(grpcOption), grpcOption.Name, problems);
            if (grpc is null) continue;
            var http = parse.GetValue(httpOption) is { } httpText ? Url(httpText, httpOption.Name, problems) : KnownService.HttpFromGrpc(grpc);
            if (http is not null) endpoints[name] = new ServiceEndpoint(name, grpc, http);
        }
        var tenant = parse.GetValue(Tenant);
        if (string.IsNullOrWhiteSpace(tenant)) problems.Add("--tenant: a tenant is required.");
        if (problems.Count > 0) throw new UsageException(problems);
        tenant = tenant!.Trim();
        Func<CancellationToken, Task<string?>> fetch = context.AccessToken is { } source ? c => source(tenant, c) : c => BearerToken.CurrentAsync(context, c);
        var token = await SessionToken.FetchAsync(fetch, TimeProvider.System, ct);
        return new Session(context, new Endpoints(endpoints), tenant, token);
    }

    private static Uri? Url(string? text, string option, List<string> problems)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        problems.Add($"{option}: '{text}' is not an http:// or https:// address.");
        return null;
    }
}
