using Region.TestSupport;
using Spectre.Console;

namespace Region.Cli.Tests;

/// The budget service in-process on its own PostgreSQL database and the shared RabbitMQ, and
/// regionctl run against it in-process, its output captured.
public sealed class CliHost() : ServiceCliHost<global::Program>("budget")
{
}

/// A service (its Program) in-process on its own PostgreSQL database and the shared RabbitMQ, and
/// regionctl run against it in-process, its output captured.
public class ServiceCliHost<TEntryPoint>(string service) : ServiceHost<TEntryPoint>(service) where TEntryPoint : class
{
    /// Runs regionctl with these arguments against the in-process service, signed in as test.user.
    public Task<CliRun> RunAsync(params string[] args) =>
        RunWithAsync(_ => Invoker(), args);

    /// The same signed in as this user (role admin), whom ledgers and histories then name.
    public Task<CliRun> RunAsAsync(string user, params string[] args) =>
        RunWithAsync(_ => Invoker(), args, user);

    /// Runs regionctl with its own way of connecting (e.g. to another in-process service). Its token
    /// for the command's tenant comes from the identity provider, as a signed-in login's would.
    public Task<CliRun> RunWithAsync(Func<ServiceEndpoint, Grpc.Core.CallInvoker> connect, string[] args, string user = "test.user") =>
        CliRun.InProcessAsync(connect, () => Factory.Server.CreateHandler(), args, async (tenant, _) => await TokenAsync(tenant, user));
}

public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// Runs regionctl in-process with captured, colourless, wide consoles and no environment; the
    /// access token for a tenant from `token` (none: no stored login, so calls go without).
    public static async Task<CliRun> InProcessAsync(Func<ServiceEndpoint, Grpc.Core.CallInvoker> connect, Func<HttpMessageHandler> http, string[] args,
        Func<string, CancellationToken, Task<string?>>? token = null)
    {
        var (out_, outText) = Console();
        var (error, errorText) = Console();
        var exitCode = await RegionCtl.RunAsync(args, new CliContext(out_, error, connect, http, _ => null) { AccessToken = token });
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

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- error\n{Error}";
}
