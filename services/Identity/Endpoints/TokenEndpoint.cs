using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Region.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity.Endpoints;

/// The token endpoint after OpenIddict has checked the request (client, secret, code, PKCE
/// verifier, device code, refresh token): here the token's claims are decided.
public static class TokenEndpoint
{
    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/connect/token", ExchangeAsync);

    private static async Task<IResult> ExchangeAsync(HttpContext http, ClientCatalog clients, UserDirectory users, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The token endpoint was reached without an OpenID Connect request.");

        if (request.IsClientCredentialsGrantType())
        {
            // The client speaks for itself: sub is its client id, the claims are its own.
            var client = await clients.ClaimsOfAsync(request.ClientId!, ct);
            if (client is null)
                return Refuse(Errors.InvalidClient, "The client is not known.");
            var identity = RegionClaims.Identity(client.ClientId, client.Name, client.Tenants, client.Roles, client.UnitScope);
            identity.SetScopes(request.GetScopes());
            return SignIn(identity);
        }

        if (request.IsDeviceCodeGrantType() || request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = await users.FindActiveAsync(granted.Principal?.GetClaim(Claims.Subject), ct);
            if (user is null)
                return Refuse(Errors.InvalidGrant, "The user may no longer sign in.");
            // Today's tenants and roles, not those of when the code or refresh token was issued.
            var identity = RegionClaims.For(user);
            identity.SetScopes(granted.Principal!.GetScopes());
            return SignIn(identity);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    /// An OAuth error response (400 with error and error_description), rendered by OpenIddict.
    public static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
