using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Region.Identity.Accounts;
using Region.TestSupport;
using Spectre.Console;
using Status = Grpc.Core.Status;

namespace Region.Cli.Tests;

/// `regionctl login`, `whoami` and `logout` against the identity service (the TestSupport fixture,
/// on Kestrel), the person's part done over HTTP as in a browser; and the token on every call.
public sealed partial class LoginCliTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("regionctl-login-").FullName;

    [Fact]
    public async Task Login_through_the_device_flow_stores_the_tokens_and_whoami_shows_the_user()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = new UserDefinition
        {
            UserName = "p" + Guid.NewGuid().ToString("N")[..10], DisplayName = "Per Planerare", Password = "pw-" + Guid.NewGuid().ToString("N")[..10],
            Tenants = ["rjh"], Roles = ["planner", "reader"], UnitScope = "RST",
        };
        await idp.AddUserAsync(user);
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = "regionctl", DisplayName = "regionctl", Grants = [ClientGrant.DeviceCode, ClientGrant.RefreshToken],
        });

        var output = new LiveText();
        var login = Run(output, "login", "--identity", idp.Authority.ToString());
        var (url, code) = await ShownCodeAsync(output, login);
        Assert.StartsWith(idp.Authority.ToString(), url);
        await ApproveInBrowserAsync(idp.Authority, url, code, user);
        Assert.Equal(0, await login.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Signed in as Per Planerare ({user.UserName})", output.Snapshot());

        var file = Path.Combine(_config, "regionctl", "tokens.json");
        if (!OperatingSystem.IsWindows()) // the CI and the demo run on Linux; Windows has no modes to check
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var whoami = new LiveText();
        Assert.Equal(0, await Run(whoami, "whoami"));
        Assert.Matches($@"user\s+{user.UserName}", whoami.Snapshot());
        Assert.Matches(@"tenants\s+rjh", whoami.Snapshot());
        Assert.Matches(@"roles\s+planner, reader", whoami.Snapshot());
        Assert.Matches(@"unit scope\s+RST", whoami.Snapshot());

        // An expired access token is renewed with the refresh token before the next command uses it.
        var stored = new TokenStore(file).Read()!;
        new TokenStore(file).Write(stored with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(0, await Run(new LiveText(), "whoami"));
        var renewed = new TokenStore(file).Read()!;
        Assert.NotEqual(stored.AccessToken, renewed.AccessToken);
        Assert.True(renewed.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30));

        Assert.Equal(0, await Run(new LiveText(), "logout"));
        Assert.False(File.Exists(file));
        var after = new LiveText();
        Assert.Equal(1, await Run(after, "whoami"));
        Assert.Contains("Not signed in", after.Snapshot());
    }

    [Fact]
    public async Task Login_with_a_client_secret_file_signs_the_client_in_and_every_call_carries_its_token()
    {
        var idp = await IdentityProvider.SharedAsync();
        var clientId = "script-" + Guid.NewGuid().ToString("N")[..8];
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId, DisplayName = "Inläsning", Secret = "s3cret-for-tests", Grants = [ClientGrant.ClientCredentials],
            Tenants = ["rjh", "demo2"], Roles = ["admin"],
        });
        var secretFile = Path.Combine(_config, "secret");
        await File.WriteAllTextAsync(secretFile, "s3cret-for-tests\n");

        var output = new LiveText();
        Assert.Equal(0, await Run(output, "login", "--identity", idp.Authority.ToString(), "--client-id", clientId, "--client-secret-file", secretFile));
        Assert.Contains($"Signed in as Inläsning ({clientId}); tenants rjh, demo2; roles admin", output.Snapshot());
        Assert.DoesNotContain("s3cret", await File.ReadAllTextAsync(Path.Combine(_config, "regionctl", "tokens.json")));

        // What reaches the wire: the service itself is not needed to see the metadata.
        var sent = new List<Metadata>();
        Assert.Equal(ExitCodes.Unreachable, await Run(new LiveText(), endpoint => new Recorder(sent).Invoker(), "units", "tree", "--tenant", "demo2"));
        var headers = Assert.Single(sent);
        var bearer = headers.GetValue("authorization");
        Assert.StartsWith("Bearer ", bearer);
        Assert.Equal(clientId, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(bearer!["Bearer ".Length..]).Subject);
        Assert.Equal("demo2", headers.GetValue("x-tenant"));
    }

    [Fact]
    public async Task A_wrong_client_secret_stores_nothing_and_says_the_provider_refused()
    {
        var idp = await IdentityProvider.SharedAsync();
        var secretFile = Path.Combine(_config, "wrong");
        await File.WriteAllTextAsync(secretFile, "not-it");
        var output = new LiveText();
        Assert.Equal(ExitCodes.Rejected, await Run(output, "login", "--identity", idp.Authority.ToString(), "--client-id", "nobody-" + Guid.NewGuid().ToString("N")[..6], "--client-secret-file", secretFile));
        Assert.Contains("invalid_client", output.Snapshot());
        Assert.False(File.Exists(Path.Combine(_config, "regionctl", "tokens.json")));
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private Task<int> Run(LiveText output, params string[] args) =>
        Run(output, _ => throw new InvalidOperationException("No gRPC call expected."), args);

    /// regionctl in-process with this test's own config folder (XDG_CONFIG_HOME) as its only environment.
    private Task<int> Run(LiveText output, Func<ServiceEndpoint, CallInvoker> connect, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 220;
        var context = new CliContext(console, console, connect, () => new SocketsHttpHandler(), name => name == "XDG_CONFIG_HOME" ? _config : null);
        return RegionCtl.RunAsync(args, context);
    }

    private static async Task<(string Url, string Code)> ShownCodeAsync(LiveText output, Task<int> login)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !login.IsCompleted)
        {
            var shown = ShownCode().Match(output.Snapshot());
            if (shown.Success) return (shown.Groups["url"].Value, shown.Groups["code"].Value);
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"regionctl login showed no code:\n{output.Snapshot()}");
    }

    /// The person: open the URL, sign in, type the code shown in the terminal, check it, approve.
    private static async Task ApproveInBrowserAsync(Uri authority, string url, string code, UserDefinition user)
    {
        using var browser = new Browser(authority);
        var login = await browser.GetAsync(url);
        var enterCode = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = user.Password });
        Assert.Contains("Ange koden", enterCode.Html);
        var confirm = await browser.GetAsync("connect/verify?user_code=" + Uri.EscapeDataString(code));
        Assert.Contains(code, confirm.Html);
        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "approve" });
        Assert.Contains("Inloggningen är godkänd", done.Html);
    }

    [GeneratedRegex(@"open (?<url>http\S+) and enter the code (?<code>\S+)")]
    private static partial Regex ShownCode();

    /// Records each call's metadata and answers Unavailable, as a service that is down would.
    private sealed class Recorder(List<Metadata> sent) : Interceptor
    {
        public CallInvoker Invoker() => new UnreachableInvoker().Intercept(this);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            sent.Add(context.Options.Headers ?? []);
            return continuation(request, context);
        }
    }

    private sealed class UnreachableInvoker : CallInvoker
    {
        private static RpcException Down => new(new Status(StatusCode.Unavailable, "down (test)"));
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw Down;
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(Task.FromException<TResponse>(Down), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw Down;
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Down;
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Down;
    }
}

/// A console's text, readable while regionctl is still writing it from another task.
public sealed class LiveText : StringWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (this) base.Write(value);
    }

    public override void Write(string? value)
    {
        lock (this) base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (this) base.Write(buffer, index, count);
    }

    public string Snapshot()
    {
        lock (this) return ToString();
    }
}
