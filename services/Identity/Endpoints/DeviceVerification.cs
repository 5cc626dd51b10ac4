using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Region.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity.Endpoints;

/// The page `regionctl login` sends people to: sign in, compare the code with the one in the
/// terminal, approve (or deny). Approving hands the person's claims to the waiting device code.
public static class DeviceVerification
{
    public const string Path = "/connect/verify";

    public static void MapDeviceVerification(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path, DecideAsync);
        app.MapGet(Path + "/done", () => Page.Html("Klart", "<p>Inloggningen är godkänd. Du kan stänga fönstret och gå tillbaka till terminalen.</p>"));
        app.MapGet(Path + "/denied", () => Page.Html("Nekad", "<p>Inloggningen nekades. Terminalen får ingen åtkomst.</p>"));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, UserDirectory users, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var user = await AuthorizationEndpoints.SignedInUserAsync(http, users, ct);
        if (user is null)
            return SignInFirst(http);
        var device = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var userCode = device.Properties?.GetTokenValue(OpenIddictServerAspNetCoreConstants.Tokens.UserCode);
        if (!device.Succeeded || device.Principal?.GetClaim(Claims.ClientId) is not { } clientId)
            return EnterCode(http, userCode is null ? null : "Koden finns inte eller har gått ut. Kontrollera den och försök igen.");

        var application = await applications.FindByClientIdAsync(clientId, ct);
        var clientName = application is null ? clientId : await applications.GetDisplayNameAsync(application, ct) ?? clientId;
        return Page.Html("Godkänn inloggning",
            $"<p>{Page.Encode(clientName)} vill logga in som <strong>{Page.Encode(user.DisplayName)}</strong> ({Page.Encode(user.UserName)}).</p>" +
            "<p>Godkänn bara om koden är densamma som i terminalen:</p>" +
            $"<p class=\"code\">{Page.Encode(userCode)}</p>" +
            Page.Form(http, Path, Page.Hidden("user_code", userCode) +
                "<button type=\"submit\" name=\"decision\" value=\"approve\">Godkänn</button>" +
                "<button type=\"submit\" name=\"decision\" value=\"deny\">Neka</button>"));
    }

    private static async Task<IResult> DecideAsync(HttpContext http, UserDirectory users, [FromForm(Name = "decision")] string? decision, CancellationToken ct)
    {
        var user = await AuthorizationEndpoints.SignedInUserAsync(http, users, ct);
        if (user is null)
            return SignInFirst(http);
        var device = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!device.Succeeded || device.Principal?.GetClaim(Claims.ClientId) is null)
            return EnterCode(http, "Koden finns inte eller har gått ut. Kontrollera den och försök igen.");

        if (decision != "approve")
            return Results.Forbid(new AuthenticationProperties { RedirectUri = Path + "/denied" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        var identity = RegionClaims.For(user);
        identity.SetScopes(device.Principal.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), new AuthenticationProperties { RedirectUri = Path + "/done" },
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult SignInFirst(HttpContext http) => Results.Challenge(
        new AuthenticationProperties { RedirectUri = http.Request.GetEncodedPathAndQuery() },
        [CookieAuthenticationDefaults.AuthenticationScheme]);

    /// A plain GET form: the code goes back to this page as ?user_code=..., as in the verification link.
    private static IResult EnterCode(HttpContext http, string? error) => Page.Html("Ange koden",
        Page.Error(error) +
        $"<form method=\"get\" action=\"{Path}\"><label for=\"user_code\">Koden som terminalen visar</label>" +
        "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" required><button type=\"submit\">Fortsätt</button></form>",
        error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
}
