using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Region.Budget.V1;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;

namespace Region.Benchmarks;

/// The budget service in this process behind real Kestrel on a free loopback port, on a database of
/// its own and the shared broker, called over one HTTP/2 channel as a real client would.
public sealed class BenchHost(bool outboxDispatcher = true) : ServiceHost<Program>("budget")
{
    /// A gRPC health "service" mapped to the liveness check alone ("self", which returns Healthy and
    /// touches nothing): Health/Check on it runs the whole pipeline (Kestrel, HTTP/2, middleware,
    /// interceptors) around an almost empty handler. The server's own "" service would also run the
    /// readiness checks against PostgreSQL and RabbitMQ.
    public const string EmptyHealthService = "bench-empty";

    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web) => ConfigureBench(web, outboxDispatcher);

    /// What every benchmark host adds to its service: the empty health service, quiet EF logs; and
    /// without the outbox dispatcher (for ImportRows, which finds an import's outbox rows as written).
    public static void ConfigureBench(IWebHostBuilder web, bool outboxDispatcher = true)
    {
        if (!outboxDispatcher)
            web.ConfigureServices(services =>
            {
                foreach (var dispatcher in services.Where(d => d.ServiceType == typeof(IHostedService)
                    && d.ImplementationType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(OutboxDispatcher<>)).ToList())
                    services.Remove(dispatcher);
            });
        // EF logs the migration history query that fails on a brand-new database as an error; a
        // failing call would show up as an RpcException in the benchmark anyway.
        web.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        web.ConfigureServices(services =>
            services.Configure<GrpcHealthChecksOptions>(o => o.Services.Map(EmptyHealthService, r => r.Name == "self")));
    }

    public static async Task<BenchHost> StartAsync(bool outboxDispatcher = true)
    {
        // WebApplicationFactory looks for its manifest in the working directory, which `dotnet run
        // --project` leaves at the caller's; its documented override names the content root directly.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BUDGET", Path.Combine(TestInfra.RepoRoot, "services", "Budget"));
        var host = new BenchHost(outboxDispatcher);
        await host.InitializeAsync();
        return host;
    }

    /// A client calling as this tenant.
    public BudgetService.BudgetServiceClient Client(string tenant) => new(Invoker(tenant, "bench.user"));

    public static string NewTenant() => "bench" + Guid.NewGuid().ToString("N")[..10];

    /// Waits until the dispatcher has published every event in the outbox, so what is timed next
    /// does not compete with it (it runs in this process).
    public Task WaitForEmptyOutboxAsync() => WaitForEmptyOutboxAsync(ConnectionString);

    /// The same for the service whose database this is.
    public static async Task WaitForEmptyOutboxAsync(string connectionString)
    {
        var timeout = TimeSpan.FromSeconds(120);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_messages", connection);
            var left = (long)(await count.ExecuteScalarAsync())!;
            if (left == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The outbox still holds {left} events after {timeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }
}
