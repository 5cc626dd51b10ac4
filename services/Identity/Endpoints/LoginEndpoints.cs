using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Region.Identity.Accounts;

namespace Region.Identity.Endpoints;

/// The sign-in page both the device verification page and the authorization endpoint send people
/// to, and the cookie that remembers them. A failed sign-in never says whether the name, the
/// password or a disabled account was the reason.
public static class LoginEndpoints
{
    public const string Path = "/account/login";
    public const string Failed = "Fel användarnamn eller lösenord.";
    public const string Throttled = "För många misslyckade inloggningar. Vänta en stund och försök igen.";
    public const string Busy = "Inloggningen är upptagen just nu. Försök igen om en stund.";

    /// Sign-in attempts checked at once by one replica, and attempts that may wait for a turn.
    /// Each check hashes twice on purpose (the password, and the name's key for SignInThrottle:
    /// ~90 ms of CPU), so a flood of attempts, under as many names as it likes, would otherwise
    /// take every core from the token endpoint the services need. Past the queue: 503, Retry-After.
    public const int ChecksAtOnce = 4, ChecksWaiting = 32;
    const string Limiter = "sign-in";

    public static IServiceCollection AddSignInLimiter(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.AddConcurrencyLimiter(Limiter, l => (l.PermitLimit, l.QueueLimit) = (ChecksAtOnce, ChecksWaiting));
        o.OnRejected = (rejected, _) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "2";
            return new ValueTask(Page.Html("Logga in", Page.Error(Busy), StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(rejected.HttpContext));
        };
    });

    public static void MapLoginEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, string? returnUrl) => LoginPage(http, returnUrl, userName: null, error: null));
        app.MapPost(Path, SignInAsync).RequireRateLimiting(Limiter);
        app.MapGet("/", async (HttpContext http) =>
        {
            var signedIn = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Page.Html("Regionens inloggning", signedIn.Succeeded
                ? $"<p>Inloggad som {Page.Encode(signedIn.Principal!.Identity!.Name)}.</p>"
                : "<p>Här loggar du in till regionens tjänster, till exempel från regionctl.</p>");
        });
    }

    private static async Task<IResult> SignInAsync(HttpContext http, UserDirectory users, SignInThrottle throttle, SignInTrail trail,
        [FromForm(Name = "username")] string? userName, [FromForm(Name = "password")] string? password,
        [FromForm(Name = "returnUrl")] string? returnUrl, CancellationToken ct)
    {
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (await throttle.BeginAsync(userName, ct) is not { } attempt)
        {
            await trail.RecordAsync(SignInTrail.Outcome.Refused, await users.AccountAsync(userName, ct), address, ct);
            return LoginPage(http, returnUrl, userName, Throttled, StatusCodes.Status429TooManyRequests);
        }
        // A name no account can have, or a password longer than any we accept, fails unchecked.
        var checkable = UserDirectory.CouldBeAccountName(userName) && !string.IsNullOrEmpty(password) && password.Length <= RegionUser.MaxPasswordLength;
        var check = checkable ? await users.CheckPasswordAsync(userName!, password!, ct) : default;
        if (check.User is not { } user)
        {
            await throttle.FailedAsync(ct);
            await trail.RecordAsync(SignInTrail.Outcome.Failed, check.Account, address, ct);
            return LoginPage(http, returnUrl, userName, Failed, StatusCodes.Status401Unauthorized);
        }
        await throttle.SucceededAsync(attempt, ct);
        await trail.RecordAsync(SignInTrail.Outcome.SignedIn, user, address, ct);

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.UserName)], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        // Only back into this service: an open redirect would hand the signed-in browser to anyone.
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static IResult LoginPage(HttpContext http, string? returnUrl, string? userName, string? error, int statusCode = StatusCodes.Status200OK) =>
        Page.Html("Logga in", Page.Error(error) + Page.Form(http, Path,
            Page.Hidden("returnUrl", IsLocal(returnUrl) ? returnUrl : "/") +
            $"<label for=\"username\">Användarnamn</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"{Page.Encode(userName)}\">" +
            "<label for=\"password\">Lösenord</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>" +
            "<button type=\"submit\">Logga in</button>"), statusCode);

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
