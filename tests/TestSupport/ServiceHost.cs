using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.ServiceDefaults.Auth;
using Xunit;

namespace Region.TestSupport;

/// A service (its Program) in-process on its own real PostgreSQL database and a real RabbitMQ node,
/// trusting the tokens of the test assembly's identity provider (IdentityProvider.SharedAsync).
/// Its queues carry a prefix of their own and by default go away with the host, so it never takes
/// the events meant for a running service, another host or another test run.
public class ServiceHost<TProgram>(string service) : IAsyncLifetime where TProgram : class
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<TProgram>? _factory;
    private GrpcChannel? _channel;
    private int _grpcPort;

    /// The service's name, as regionctl and the deploy scripts know it.
    public string Service { get; } = service;

    /// The start of this host's queue names (Bus:QueuePrefix).
    public string QueuePrefix { get; } = $"{service}-test-{Guid.NewGuid().ToString("N")[..8]}";

    /// The broker the service uses; a test may point it at a private node.
    protected virtual Uri RabbitMqUri => TestInfra.RabbitMqUri;

    /// Whether the broker deletes the queues when the host stops (Bus:TemporaryQueues). A host
    /// whose tests look into the durable queues and their _error queues deletes them itself.
    protected virtual bool TemporaryQueues => true;

    /// Serve on real loopback ports (Kestrel, HTTP/2) instead of the in-memory test server, for
    /// callers that dial an address: another service, Dapr's invoker, a benchmark, a scrape.
    protected virtual bool OnKestrel => false;

    /// The gRPC address and the HTTP port (health, JSON, /metrics) when on Kestrel.
    public string Address { get; private set; } = "";
    public int HttpPort { get; private set; }

    /// The settings and services of a particular host.
    protected virtual void Configure(IWebHostBuilder web)
    {
    }

    /// The identity provider whose tokens the service trusts (Auth:Authority).
    public IdentityProvider Identity { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;
    public string DatabaseName => _database.Name;
    public WebApplicationFactory<TProgram> Factory => _factory!;

    /// The identity provider whose tokens the service trusts: the test assembly's shared one,
    /// unless a host needs one with settings of its own (it then disposes it).
    protected virtual Task<IdentityProvider> StartIdentityAsync() => IdentityProvider.SharedAsync();

    public virtual async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Identity = await StartIdentityAsync();
        if (OnKestrel) (_grpcPort, HttpPort) = (TestInfra.FreePort(), TestInfra.FreePort());
        Start();
    }

    /// Stops the service, keeping its database and (on Kestrel) its ports for StartAgain: a source
    /// that went away, as its callers see it.
    public async Task StopAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        (_channel, _factory) = (null, null);
    }

    /// Starts the service stopped by StopAsync again, on the same database and ports.
    public void StartAgain() => Start();

    private void Start()
    {
        _factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("Auth:Authority", Identity.Authority.ToString());
            web.UseSetting("Auth:RequireHttpsMetadata", "false");
            // An expired token is refused at once, not a minute later.
            web.UseSetting("Auth:ClockSkew", "00:00:00");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", RabbitMqUri.ToString());
            web.UseSetting("Bus:QueuePrefix", QueuePrefix);
            web.UseSetting("Bus:TemporaryQueues", TemporaryQueues.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            if (OnKestrel)
            {
                // Never the fixed ports of appsettings.json: a running demo service may hold them.
                web.UseSetting("Ports:Grpc", _grpcPort.ToString(CultureInfo.InvariantCulture));
                web.UseSetting("Ports:Http", HttpPort.ToString(CultureInfo.InvariantCulture));
            }
            Configure(web);
        });
        // Either way the host starts here (migrations run at start-up), before the first test call.
        if (OnKestrel)
        {
            _factory.UseKestrel();
            _factory.StartServer();
            Address = $"http://127.0.0.1:{_grpcPort}";
            _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { UnsafeUseInsecureChannelCallCredentials = true });
        }
        else
        {
            _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
            {
                HttpHandler = _factory.Server.CreateHandler(),
                UnsafeUseInsecureChannelCallCredentials = true,
            });
            _ = _factory.Services;
        }
    }

    /// Waits until the service's bus has bound its queues, before a test publishes what it consumes.
    protected Task WaitForBusAsync() =>
        TestInfra.WaitUntilHealthyAsync(Factory.Services.GetRequiredService<IBusControl>(), Service);

    public virtual async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// A real token of the identity provider for this tenant alone, role admin, named `user` (which
    /// ledgers and histories then show); one per tenant and user, cached.
    public Task<string> TokenAsync(string tenant, string user = "test.user") =>
        Identity.TokenAsync(tenant, [RegionRoles.Admin], name: user);

    /// Calls as this tenant and user, with the role admin: allowed every RPC.
    public CallInvoker Invoker(string tenant, string user = "test.user") => Invoker(() => TokenAsync(tenant, user));

    /// Calls with a token for this tenant with exactly these roles (and unit scope), for authorisation tests.
    public CallInvoker Invoker(string tenant, string[] roles, string? unitScope = null) =>
        Invoker(() => Identity.TokenAsync(tenant, roles, unitScope));

    /// Calls carrying the token this function gives (any tenant header is the caller's to add).
    public CallInvoker Invoker(Func<Task<string>> token) => _channel!.Intercept(new BearerTokenInterceptor(token));

    /// Calls without a token (or bringing their own headers, as regionctl does).
    public CallInvoker Invoker() => _channel!.CreateCallInvoker();

    /// HTTP without a token.
    public HttpClient HttpClient() => _factory!.CreateClient();

    /// HTTP (JSON transcoding, the calendar feed) as this tenant and user, role admin.
    public HttpClient HttpClient(string tenant, string user = "test.user") =>
        _factory!.CreateDefaultClient(new BearerTokenHandler(() => TokenAsync(tenant, user)));

    /// Options for opening the service's database directly, to check what was (not) written.
    protected DbContextOptions<TDb> DbOptions<TDb>() where TDb : DbContext =>
        new DbContextOptionsBuilder<TDb>().UseNpgsql(_database.ConnectionString).Options;
}
