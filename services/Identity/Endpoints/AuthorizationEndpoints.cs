using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Region.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity.Endpoints;

/// Authorization code + PKCE for a web front end, and end-session. OpenIddict has already checked
/// the client, its redirect URI and the code challenge; a person not signed in goes to the sign-in
/// page and comes back to the same request.
public static class AuthorizationEndpoints
{
    public static void MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserDirectory users, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The authorization endpoint was reached without an OpenID Connect request.");
        var user = await SignedInUserAsync(http, users, ct);
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
                return TokenEndpoint.Refuse(Errors.LoginRequired, "The user is not signed in.");
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.GetEncodedPathAndQuery() },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }
        var identity = RegionClaims.For(user);
        identity.SetScopes(request.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        // OpenIddict sends the browser to the client's registered post_logout_redirect_uri, else here.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// The person of the sign-in cookie, while they still may sign in.
    public static async Task<RegionUser?> SignedInUserAsync(HttpContext http, UserDirectory users, CancellationToken ct)
    {
        var cookie = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return cookie.Succeeded ? await users.FindActiveAsync(cookie.Principal?.Identity?.Name, ct) : null;
    }
}
