using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// The budget service and one more service in-process, each on its own PostgreSQL database, linked by
/// the real broker (the budget import's unit events feed the other service's org-unit replica), with
/// regionctl run against both. The other service's queues are its own and go away with it.
public abstract class LinkedServiceHost<TProgram>(string service) : IAsyncLifetime where TProgram : class
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<TProgram>? _factory;
    private GrpcChannel? _channel;

    public CliHost Budget { get; } = new();
    public string ConnectionString => _database.ConnectionString;

    /// The queue names the service's consumers use in this host, unique per host.
    protected string QueuePrefix { get; } = $"{service}-cli-test-{Guid.NewGuid().ToString("N")[..8]}";

    /// Settings or services the service needs to take QueuePrefix (each service names its queues its own way).
    protected abstract void ConfigureQueues(IWebHostBuilder web);

    public async Task InitializeAsync()
    {
        await Budget.InitializeAsync();
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureTestServices(services => services.AddSingleton<IConfigureReceiveEndpoint, TemporaryQueues>());
            ConfigureQueues(web);
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        _ = _factory.Services;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
        await Budget.DisposeAsync();
    }

    public Task<CliRun> RunAsync(params string[] args) =>
        Budget.RunWithAsync(e => e.Name == service ? _channel!.CreateCallInvoker() : Budget.Invoker(), args);

    private sealed class TemporaryQueues : IConfigureReceiveEndpoint
    {
        public void Configure(string name, IReceiveEndpointConfigurator configurator)
        {
            if (configurator is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.AutoDelete = true;
        }
    }
}
