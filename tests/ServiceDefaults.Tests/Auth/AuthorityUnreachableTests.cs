using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Region.Common.V1;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Hosting;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Auth;

/// A token the service cannot check, because the identity provider's keys cannot be fetched, is
/// not a bad token: the caller hears UNAVAILABLE ("retry"), not UNAUTHENTICATED ("sign in again"),
/// which is kept for tokens that were checked and failed, and for calls without one.
public sealed class AuthorityUnreachableTests
{
    [Fact]
    public async Task A_token_that_cannot_be_checked_because_the_identity_provider_is_away_is_unavailable_not_unauthenticated()
    {
        var identity = await IdentityProvider.SharedAsync();
        var token = await identity.TokenAsync(Rpc.NewTenant(), ["admin"]);
        await using var app = await StartAsync(new Uri($"http://127.0.0.1:{TestInfra.FreePort()}/")); // nothing listens there
        var audit = Client(app);

        var unavailable = await Rpc.FailsWith(StatusCode.Unavailable,
            () => audit.ListAuditEntriesAsync(new(), new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);
        Assert.Contains("identity provider cannot be reached", unavailable.Status.Detail);
        // Asked again while it is still away: the same answer, at once (the keys' fetch backs off).
        await Rpc.FailsWith(StatusCode.Unavailable,
            () => audit.ListAuditEntriesAsync(new(), new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);
        // No token at all needs no keys: that stays UNAUTHENTICATED.
        await Rpc.FailsWith(StatusCode.Unauthenticated, () => audit.ListAuditEntriesAsync(new()).ResponseAsync);
    }

    [Fact]
    public async Task Once_the_identity_provider_is_back_the_same_token_is_checked_within_the_fetch_back_off()
    {
        var identity = await IdentityProvider.SharedAsync();
        var token = await identity.TokenAsync(Rpc.NewTenant(), ["admin"]);
        // The service's authority is an address where, first, nothing listens; later a relay to the provider.
        var port = TestInfra.FreePort();
        await using var app = await StartAsync(new Uri($"http://127.0.0.1:{port}/"));
        var audit = Client(app);
        var call = () => audit.ListAuditEntriesAsync(new(), new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync;
        await Rpc.FailsWith(StatusCode.Unavailable, call);

        using var relay = new TcpRelay(port, identity.Authority.Port);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StatusCode code;
        do
        {
            await Task.Delay(200);
            code = (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;
        } while (code == StatusCode.Unavailable && clock.Elapsed < TokenAuthentication.KeysRefetchedAfterFailureWithin + TimeSpan.FromSeconds(10));
        // Checked and let through: the token's admin role reaches the rpc, which this host does not implement.
        Assert.Equal(StatusCode.Unimplemented, code);
    }

    [Fact]
    public async Task With_the_identity_provider_reachable_a_forged_token_is_unauthenticated()
    {
        var identity = await IdentityProvider.SharedAsync();
        await using var app = await StartAsync(identity.Authority);
        var audit = Client(app);
        var token = await identity.TokenAsync(Rpc.NewTenant(), ["admin"]);
        var forged = token[..token.LastIndexOf('.')] + ".c2lnbmF0dXJl";

        await Rpc.FailsWith(StatusCode.Unauthenticated,
            () => audit.ListAuditEntriesAsync(new(), new Metadata { { "authorization", "Bearer " + forged } }).ResponseAsync);
        await Rpc.FailsWith(StatusCode.Unauthenticated,
            () => audit.ListAuditEntriesAsync(new(), new Metadata { { "authorization", "Bearer not-a-token" } }).ResponseAsync);
    }

    static async Task<WebApplication> StartAsync(Uri authority)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Auth:Authority"] = authority.ToString();
        builder.Configuration["Auth:RequireHttpsMetadata"] = "false";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults("authority-test");
        var app = builder.Build();
        app.UseCallerContext();
        app.MapGrpcService<NeverReached>();
        await app.StartAsync();
        return app;
    }

    static AuditService.AuditServiceClient Client(WebApplication app)
    {
        var server = app.GetTestServer();
        return new(GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() }));
    }

    /// Forwards connections on 127.0.0.1:<paramref name="from"/> to <paramref name="to"/> until disposed.
    sealed class TcpRelay : IDisposable
    {
        readonly System.Net.Sockets.TcpListener _listener;
        readonly CancellationTokenSource _stop = new();

        public TcpRelay(int from, int to)
        {
            _listener = new(System.Net.IPAddress.Loopback, from);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var server = new System.Net.Sockets.TcpClient();
                    await server.ConnectAsync(System.Net.IPAddress.Loopback, to, _stop.Token);
                    _ = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                    _ = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }

    /// An rpc of protos/ with an access option (reading the audit trail: admin); every call here is
    /// refused before it, so it has no body.
    sealed class NeverReached : AuditService.AuditServiceBase;
}
