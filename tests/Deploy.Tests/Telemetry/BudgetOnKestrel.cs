using System.Diagnostics;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Region.Budget.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;

namespace Region.Deploy.Tests.Telemetry;

/// The budget service on real loopback ports (Kestrel, HTTP/2 gRPC) with its own database,
/// publishing to the shared broker; its spans go to the test's in-memory list.
public sealed class BudgetOnKestrel : IAsyncDisposable
{
    readonly PostgresDatabase _database = new();
    WebApplicationFactory<Program>? _factory;
    GrpcChannel? _channel;

    public int HttpPort { get; private set; }

    public static async Task<BudgetOnKestrel> StartAsync(ICollection<Activity> spans)
    {
        var budget = new BudgetOnKestrel();
        await budget._database.InitializeAsync();
        var grpcPort = Network.FreePort();
        budget.HttpPort = Network.FreePort();
        budget._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", budget._database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Ports:Grpc", grpcPort.ToString());
            web.UseSetting("Ports:Http", budget.HttpPort.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        });
        budget._factory.UseKestrel();
        budget._factory.StartServer();
        budget._channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        return budget;
    }

    public BudgetService.BudgetServiceClient Client(string tenant) =>
        new(_channel!.Intercept(m => { m.Add(CallerContext.TenantHeader, tenant); return m; }));

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}

static class Network
{
    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// Polls until the condition holds, or fails the test after a minute.
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var patience = TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {patience.TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }
}
