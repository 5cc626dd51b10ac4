using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Spectre.Console;

namespace Region.Cli;

/// A service regionctl talks to: its gRPC (HTTP/2) address and its HTTP/1 address for health probes.
public sealed record ServiceEndpoint(string Name, Uri Grpc, Uri Http);

/// A known service and where it listens by default. Adding goals (5102), investments (5103),
/// meetings (5104) or reporting (5105) is one line here: the options --goals/--goals-http and the
/// variables REGION_GOALS_URL/REGION_GOALS_HTTP_URL follow from it, and `status` checks it.
public sealed record KnownService(string Name, int DefaultGrpcPort)
{
    public static readonly IReadOnlyList<KnownService> All =
    [
        new("budget", 5101),
        new("goals", 5102),
        new("investments", 5103),
        new("meetings", 5104),
        new("reporting", 5105),
        new("notifications", 5107),
    ];

    public string UrlVariable => $"REGION_{Name.ToUpperInvariant()}_URL";
    public string HttpUrlVariable => $"REGION_{Name.ToUpperInvariant()}_HTTP_URL";
    public Uri DefaultGrpc => new($"http://127.0.0.1:{DefaultGrpcPort}");

    /// Each service serves health and JSON on its gRPC port + 100 (deploy/local, tye.yaml).
    public static Uri HttpFromGrpc(Uri grpc) => new UriBuilder(grpc) { Port = grpc.Port + 100 }.Uri;
}

/// Where each service is, as resolved from options, environment and defaults.
public sealed record Endpoints(IReadOnlyDictionary<string, ServiceEndpoint> Services)
{
    public ServiceEndpoint this[string name] => Services[name];
}

/// What regionctl needs from the outside world, so tests can run commands in-process: the two
/// consoles, how to reach a service, an HTTP handler for the health probes, the environment.
public sealed record CliContext(
    IAnsiConsole Out,
    IAnsiConsole Error,
    Func<ServiceEndpoint, CallInvoker> Connect,
    Func<HttpMessageHandler> HttpHandler,
    Func<string, string?> Environment)
{
    /// Where the access token for a tenant comes from; null: the stored login (regionctl login,
    /// BearerToken). Tests give tokens of their own identity provider here.
    public Func<string, CancellationToken, Task<string?>>? AccessToken { get; init; }

    /// The real console and network, for the regionctl executable.
    public static CliContext ForProcess()
    {
        var channels = new Dictionary<Uri, GrpcChannel>();
        return new CliContext(
            ConsoleFor(Console.Out, Console.IsOutputRedirected),
            ConsoleFor(Console.Error, Console.IsErrorRedirected),
            endpoint =>
            {
                // One channel per address for the life of the process: a channel is a connection pool.
                if (!channels.TryGetValue(endpoint.Grpc, out var channel))
                    channels[endpoint.Grpc] = channel = GrpcChannel.ForAddress(endpoint.Grpc);
                return channel.CreateCallInvoker();
            },
            () => new SocketsHttpHandler(),
            System.Environment.GetEnvironmentVariable);
    }

    private static IAnsiConsole ConsoleFor(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        // Redirected output (logs, pipes) would otherwise be cut to 80 columns and squash the tables.
        if (redirected) console.Profile.Width = 200;
        return console;
    }
}

/// One command's view of the world: the context plus the tenant, the access token and the endpoints.
public sealed class Session(CliContext context, Endpoints endpoints, string tenant, SessionToken accessToken)
{
    public IAnsiConsole Out => context.Out;
    public IAnsiConsole Error => context.Error;
    public Endpoints Endpoints => endpoints;
    public string Tenant => tenant;

    public Region.Budget.V1.BudgetService.BudgetServiceClient Budget() => new(Invoker("budget"));
    public Region.Goals.V1.GoalsService.GoalsServiceClient Goals() => new(Invoker("goals"));
    public Region.Investments.V1.InvestmentsService.InvestmentsServiceClient Investments() => new(Invoker("investments"));
    public Region.Meetings.V1.MeetingsService.MeetingsServiceClient Meetings() => new(Invoker("meetings"));
    public Region.Reporting.V1.ReportingService.ReportingServiceClient Reporting() => new(Invoker("reporting"));
    public Region.Notifications.V1.NotificationsService.NotificationsServiceClient Notifications() => new(Invoker("notifications"));

    /// The audit trail every service serves for its own database.
    public Region.Common.V1.AuditService.AuditServiceClient Audit(string service) => new(Invoker(service));

    /// The dead letters (outbox and error queues) every service serves for itself.
    public Region.Common.V1.DeadLetterService.DeadLetterServiceClient DeadLetters(string service) => new(Invoker(service));

    /// Every call carries the signed-in token (who, roles and tenants, as the services require)
    /// and names the tenant to act for among the token's.
    public CallInvoker Invoker(string service) =>
        context.Connect(endpoints[service])
            .Intercept(new NameTheService(endpoints[service]))
            .Intercept(metadata =>
            {
                metadata.Add("x-tenant", tenant);
                if (accessToken.Current is { } token) metadata.Add("authorization", "Bearer " + token);
                return metadata;
            });

    public HttpClient Http() => new(context.HttpHandler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(5) };

    /// The token the calls carry, for a plain HTTP call (the identity provider's sign-in trail).
    public string? AccessToken => accessToken.Current;
}

/// Marks a failed call with the service it went to, so the error message can say which service
/// did not answer (a refused connection names no address).
public sealed class NameTheService(ServiceEndpoint endpoint) : Interceptor
{
    public const string DataKey = "regionctl.service";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Named(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    async Task<TResponse> Named<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException e)
        {
            e.Data[DataKey] = endpoint;
            throw;
        }
    }
}
