using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Region.Budget.V1;
using Region.ServiceDefaults;
using Region.TestSupport;

namespace Region.Budget.Tests.Grpc;

/// Service-to-service calls: a plain channel without Dapr, Dapr's invocation invoker with it. The
/// invoker is pointed at the service itself (Dapr's app-id header is ignored there), so both paths
/// make a real HTTP/2 call over loopback.
public sealed class ServiceInvocationTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private string _address = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var port = FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Ports:Grpc", port.ToString());
            // Never the fixed 5201 of appsettings.json: a running demo service may hold it.
            web.UseSetting("Ports:Http", FreePort().ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _factory.UseKestrel();
        _factory.StartServer();
        _address = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_goes_through_with_and_without_Dapr(bool viaDapr)
    {
        var invoker = viaDapr
            ? ServiceInvocation.CreateInvoker("budget", "http://127.0.0.1:1", dapr: _address)
            : ServiceInvocation.CreateInvoker("budget", _address, dapr: null);
        var tenant = Rpc.NewTenant();
        var client = new BudgetService.BudgetServiceClient(invoker.Intercept(m => { m.Add("x-tenant", tenant); return m; }));

        await client.CreateUnitAsync(new() { Code = "RJH", Name = "Region", Level = UnitLevel.Region });
        var units = await client.ListUnitsAsync(new());

        Assert.Equal("RJH", Assert.Single(units.Units).Code);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
