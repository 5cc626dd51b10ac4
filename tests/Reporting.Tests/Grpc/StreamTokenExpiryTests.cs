using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Region.Reporting.V1;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;

namespace Region.Reporting.Tests.Grpc;

/// A stream is authorised when it opens, so it lasts no longer than the token that opened it: a
/// user whose account or roles are taken away stops receiving within one token's lifetime. The
/// stream ends with UNAUTHENTICATED and opens again with a fresh token.
public sealed class StreamTokenExpiryTests(StreamTokenExpiryTests.ShortTokens host) : IClassFixture<StreamTokenExpiryTests.ShortTokens>
{
    /// Reporting trusting a provider of its own whose tokens live a few seconds, with no clock skew.
    public sealed class ShortTokens : ReportingHost
    {
        public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

        protected override Task<IdentityProvider> StartIdentityAsync() =>
            IdentityProvider.StartAsync(settings: new Dictionary<string, string?> { ["Identity:AccessTokenLifetime"] = Lifetime.ToString() });

        protected override void Configure(IWebHostBuilder web)
        {
            base.Configure(web);
            web.UseSetting("Auth:ClockSkew", TimeSpan.Zero.ToString());
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Identity.DisposeAsync();
        }

        /// A token issued now (the provider keeps one per combination, which would have expired).
        public ReportingService.ReportingServiceClient FreshClient(string tenant)
        {
            var token = Identity.TokenAsync(tenant, [RegionRoles.Admin], name: "watcher-" + Guid.NewGuid().ToString("N")[..8]);
            return new ReportingService.ReportingServiceClient(Invoker(() => token));
        }
    }

    static readonly GetReportRequest Rs = new() { BodyCode = "RS", Period = "2022-T2" };

    [Fact]
    public async Task A_report_stream_ends_unauthenticated_when_the_token_that_opened_it_expires_and_opens_again_with_a_fresh_one()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        // A deadline, so that a stream which outlived its token fails the test instead of hanging it.
        using (var call = host.FreshClient(tenant).WatchReport(Rs, deadline: DateTime.UtcNow.AddSeconds(40)))
        {
            Assert.True(await call.ResponseStream.MoveNext(default));
            // No change comes: the next thing the stream says is that its token has expired.
            var ended = await Rpc.FailsWith(StatusCode.Unauthenticated, () => call.ResponseStream.MoveNext(default));
            Assert.Contains("has expired", ended.Status.Detail);
        }

        using var again = host.FreshClient(tenant).WatchReport(Rs);
        Assert.True(await again.ResponseStream.MoveNext(default));
    }
}
