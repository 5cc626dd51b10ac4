using System.Net;
using System.Net.Sockets;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Region.Budget.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Benchmarks;

/// The budget service in this process behind real Kestrel on a free loopback port, on a database of
/// its own and the shared broker, called over one HTTP/2 channel as a real client would.
public sealed class BenchHost : IAsyncDisposable
{
    /// A gRPC health "service" mapped to the liveness check alone ("self", which returns Healthy and
    /// touches nothing): Health/Check on it runs the whole pipeline (Kestrel, HTTP/2, middleware,
    /// interceptors) around an almost empty handler. The server's own "" service would also run the
    /// readiness checks against PostgreSQL and RabbitMQ.
    public const string EmptyHealthService = "bench-empty";

    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public string ConnectionString => _database.ConnectionString;
    public GrpcChannel Channel => _channel!;

    public static async Task<BenchHost> StartAsync()
    {
        var host = new BenchHost();
        await host._database.InitializeAsync();
        // WebApplicationFactory looks for its manifest in the working directory, which `dotnet run
        // --project` leaves at the caller's; its documented override names the content root directly.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BUDGET", Path.Combine(TestInfra.RepoRoot, "services", "Budget"));
        var grpcPort = FreePort();
        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", host._database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Ports:Grpc", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Never the fixed ports of appsettings.json: a running demo service may hold them.
            web.UseSetting("Ports:Http", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            // EF logs the migration history query that fails on a brand-new database as an error; a
            // failing call would show up as an RpcException in the benchmark anyway.
            web.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
            web.ConfigureServices(services =>
                services.Configure<GrpcHealthChecksOptions>(o => o.Services.Map(EmptyHealthService, r => r.Name == "self")));
        });
        host._factory.UseKestrel();
        host._factory.StartServer();
        host._channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        return host;
    }

    /// A client calling as this tenant.
    public BudgetService.BudgetServiceClient Client(string tenant) =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add(CallerContext.TenantHeader, tenant);
            metadata.Add(CallerContext.UserHeader, "bench.user");
            return metadata;
        }));

    public static string NewTenant() => "bench" + Guid.NewGuid().ToString("N")[..10];

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
