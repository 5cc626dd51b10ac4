extern alias meetings;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// The meetings service in-process on its own PostgreSQL database and the shared RabbitMQ, and
/// regionctl run against it in-process, its output captured.
public sealed class MeetingsCliHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<meetings::Program>? _factory;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<meetings::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Database", _database.ConnectionString);
            web.UseSetting("RabbitMq:Uri", TestInfra.RabbitMqUri.ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        _ = _factory.Services;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public Task<CliRun> RunAsync(params string[] args) =>
        CliRun.InProcessAsync(_ => _channel!.CreateCallInvoker(), () => _factory!.Server.CreateHandler(), args);
}
