using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Region.ServiceDefaults.Hosting;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Auth;

/// Deny by default: a service built on ServiceDefaults serving an rpc that declares no access
/// option refuses it to everyone, admin included, while health stays open without a token.
public sealed class UnguardedRpcTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private IdentityProvider _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await IdentityProvider.SharedAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Auth:Authority"] = _identity.Authority.ToString();
        builder.Configuration["Auth:RequireHttpsMetadata"] = "false";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults("unguarded-test");
        _app = builder.Build();
        _app.UseCallerContext();
        _app.MapGrpcService<Unguarded>();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        var server = _app.GetTestServer();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
    }

    [Fact]
    public async Task An_rpc_without_an_access_option_is_refused_even_to_an_admin()
    {
        var token = await _identity.TokenAsync(Rpc.NewTenant(), ["admin"]);
        var client = new UnguardedService.UnguardedServiceClient(_channel);
        var refused = await Rpc.FailsWith(StatusCode.PermissionDenied,
            () => client.PingAsync(new Empty(), new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);
        Assert.Contains("declares no access policy", refused.Status.Detail);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        // Answered (this host has no readiness checks, so the status itself says little), not refused.
        var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest());
        Assert.True(System.Enum.IsDefined(health.Status));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    private sealed class Unguarded : UnguardedService.UnguardedServiceBase
    {
        public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(new Empty());
    }
}
