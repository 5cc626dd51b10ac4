using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Region.Common.V1;
using Region.Identity.Accounts;
using Region.Identity.Data;
using Region.Identity.Keys;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Identity.Endpoints;

/// GET /admin/sign-ins: the sign-in trail of the caller's tenant (the attempts on accounts of the
/// tenant), newest first, for its admins: `regionctl sign-ins`. The caller sends an access token
/// of this provider, checked as the services check theirs (issuer, audience `region-api`,
/// lifetime, signature against this provider's own keys) and read by their rules (CallAuthorization:
/// the tenant is the token's only one or the one x-tenant names; the role admin). Query:
/// `account`, `outcome` (signed_in, failed, refused), `since` (ISO 8601), `limit` (1-1000, 100).
public static class SignInTrailEndpoint
{
    public const string Path = "/admin/sign-ins";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public sealed record Attempt(DateTimeOffset At, string Account, string Outcome, string Address);
    public sealed record Answer(string Tenant, IReadOnlyList<Attempt> SignIns);

    /// The bearer scheme beside the sign-in cookie: this provider's access tokens, checked against its key ring.
    public static AuthenticationBuilder AddOwnAccessTokens(this AuthenticationBuilder authentication, IdentitySettings settings)
    {
        authentication.AddJwtBearer();
        authentication.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<KeyRing>((o, ring) =>
        {
            o.MapInboundClaims = false; // claim names as the token has them, as the services read them
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer.AbsoluteUri,
                ValidAudience = IdentitySettings.Audience,
                // The ring as it is now: a key rotated in at the next start-up is checked the same way.
                IssuerSigningKeyResolver = (_, _, _, _) => ring.Signing,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = new AuthSettings().ClockSkew,
                NameClaimType = new ClaimNames().Name,
                RoleClaimType = new ClaimNames().Role,
            };
        });
        return authentication;
    }

    public static void MapSignInTrail(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http, IdentityDb db, CallerContext caller, string? account, string? outcome, string? since, string? limit) =>
            PlainHttpErrors.AnswerAsync(http, async () =>
            {
                // The cookie is this service's default scheme (the sign-in page's); this route takes tokens only.
                var token = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
                http.User = token.Principal ?? new();
                CallAuthorization.Authorize(http, Access.Admin, "The sign-in trail");
                var query = Check(account, outcome, since, limit);
                var tenant = caller.RequiredTenant;
                // Written as containment (`{tenant} <@ "Tenants"`), which the GIN index on Tenants serves;
                // r.Tenants.Contains(tenant) becomes `= ANY`, which no index does (a scan of the whole trail).
                var rows = db.SignIns.AsNoTracking().Where(r => new[] { tenant }.All(t => r.Tenants.Contains(t)));
                if (query.Account is { } name) rows = rows.Where(r => r.Account == name);
                if (query.Outcome is { } kind) rows = rows.Where(r => r.Outcome == kind);
                if (query.Since is { } from) rows = rows.Where(r => r.At >= from);
                var attempts = await rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(query.Limit)
                    .Select(r => new Attempt(r.At, r.Account, r.Outcome, r.Address)).ToListAsync(http.RequestAborted);
                return Results.Json(new Answer(tenant, attempts));
            }));

    private sealed record Query(string? Account, string? Outcome, DateTimeOffset? Since, int Limit);

    /// Every parameter checked at once; ValidationFailedException (400) lists what is wrong.
    private static Query Check(string? account, string? outcome, string? since, string? limit)
    {
        var v = new Violations();
        v.Check(account is null || UserDirectory.CouldBeAccountName(account), "account", $"At most {RegionUser.MaxNameLength} characters, not blank.");
        var outcomes = Enum.GetValues<SignInTrail.Outcome>().Select(SignInTrail.Name).ToList();
        v.Check(outcome is null || outcomes.Contains(outcome), "outcome", $"One of {string.Join(", ", outcomes)}.");
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) from = parsed;
            else v.Add("since", "A time in ISO 8601, e.g. 2026-03-01 or 2026-03-01T08:00Z.");
        }
        var count = DefaultLimit;
        v.Check(limit is null || int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxLimit,
            "limit", $"A whole number from 1 to {MaxLimit}.");
        v.ThrowIfAny();
        return new(account is null ? null : UserDirectory.Normalize(account), outcome, from, count);
    }
}
