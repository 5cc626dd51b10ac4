using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Cli;

/// The OAuth flows of `regionctl login`, through OpenIddict's client: it reads the provider's
/// discovery document, polls the device code with the interval and errors of RFC 8628, and checks
/// the identity token. One instance per command; it holds no state worth keeping.
public sealed class IdentityClient : IAsyncDisposable
{
    public const string DefaultClientId = "regionctl";
    public static readonly Uri DefaultIdentity = new("http://127.0.0.1:5206/");

    private readonly ServiceProvider _services;
    private readonly OpenIddictClientService _client;

    private IdentityClient(ServiceProvider services)
    {
        _services = services;
        _client = services.GetRequiredService<OpenIddictClientService>();
    }

    public static IdentityClient Create(Uri identity, string clientId, string? clientSecret = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpenIddict().AddClient(o =>
        {
            o.AllowDeviceAuthorizationFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow();
            o.DisableTokenStorage();
            // The library insists on keys for the state tokens of browser flows, which regionctl never
            // uses: keys that live as long as the process do.
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.UseSystemNetHttp().SetProductInformation(typeof(IdentityClient).Assembly);
            o.AddRegistration(new OpenIddictClientRegistration
            {
                Issuer = identity,
                ClientId = clientId,
                ClientSecret = clientSecret,
            });
        });
        return new IdentityClient(services.BuildServiceProvider());
    }

    /// Asks for a device code: the URL and user code to show, and what to poll with.
    public ValueTask<OpenIddictClientModels.DeviceChallengeResult> StartDeviceLoginAsync(CancellationToken ct) =>
        _client.ChallengeUsingDeviceAsync(new() { Scopes = [Scopes.OpenId, Scopes.OfflineAccess], CancellationToken = ct });

    /// Polls until the person has approved (or denied, or the code expired: then it throws).
    public async Task<Tokens> WaitForDeviceLoginAsync(OpenIddictClientModels.DeviceChallengeResult device, CancellationToken ct)
    {
        var result = await _client.AuthenticateWithDeviceAsync(new()
        {
            DeviceCode = device.DeviceCode,
            Interval = device.Interval,
            Timeout = device.ExpiresIn,
            CancellationToken = ct,
        });
        return new Tokens(result.AccessToken, result.AccessTokenExpirationDate, result.RefreshToken);
    }

    public async Task<Tokens> ClientCredentialsAsync(CancellationToken ct)
    {
        var result = await _client.AuthenticateWithClientCredentialsAsync(new() { CancellationToken = ct });
        return new Tokens(result.AccessToken, result.AccessTokenExpirationDate, result.RefreshToken);
    }

    public async Task<Tokens> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var result = await _client.AuthenticateWithRefreshTokenAsync(new() { RefreshToken = refreshToken, CancellationToken = ct });
        // The provider rolls refresh tokens; keep the old one if it sent none.
        return new Tokens(result.AccessToken, result.AccessTokenExpirationDate, result.RefreshToken ?? refreshToken);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public sealed record Tokens(string AccessToken, DateTimeOffset? ExpiresAt, string? RefreshToken);
}
