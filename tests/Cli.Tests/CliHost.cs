using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Region.TestSupport;
using Spectre.Console;

namespace Region.Cli.Tests;

/// The budget service in-process on its own PostgreSQL database and the shared RabbitMQ, and
/// regionctl run against it in-process, its output captured.
public sealed class CliHost : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<global::Program>? _factory;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(web =>
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

    /// A call invoker on the in-process budget service.
    public Grpc.Core.CallInvoker Invoker() => _channel!.CreateCallInvoker();

    /// Runs regionctl with these arguments against the in-process service.
    public Task<CliRun> RunAsync(params string[] args) =>
        RunWithAsync(_ => _channel!.CreateCallInvoker(), args);

    /// Runs regionctl with its own way of connecting (e.g. to an address nobody listens on).
    public async Task<CliRun> RunWithAsync(Func<ServiceEndpoint, Grpc.Core.CallInvoker> connect, params string[] args)
    {
        var (out_, outText) = Console();
        var (error, errorText) = Console();
        var context = new CliContext(out_, error, connect, () => _factory!.Server.CreateHandler(), _ => null);
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

public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- error\n{Error}";
}
