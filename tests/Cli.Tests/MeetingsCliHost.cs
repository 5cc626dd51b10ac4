extern alias meetings;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Region.TestSupport;
using Spectre.Console;

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

    public async Task<CliRun> RunAsync(params string[] args)
    {
        var (out_, outText) = Console();
        var (error, errorText) = Console();
        var context = new CliContext(out_, error, _ => _channel!.CreateCallInvoker(), () => _factory!.Server.CreateHandler(), _ => null);
        var exitCode = await RegionCtl.RunAsync(args, context);
        return new CliRun(exitCode, outText.ToString(), errorText.ToString());
    }

    private static (IAnsiConsole, StringWriter) Console()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 220;
        return (console, text);
    }
}
