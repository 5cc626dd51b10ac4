using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Region.Common.V1;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Auth;

/// Decides one call from its validated access token alone (the authentication middleware has
/// checked signature, issuer, audience and lifetime): fills the CallerContext and checks that the
/// token's roles allow the access the call needs. Used by the gRPC interceptor and by plain HTTP
/// endpoints such as the calendar feed.
public static class CallAuthorization
{
    /// Throws UnauthenticatedException, PermissionDeniedException, (a malformed x-tenant)
    /// ValidationFailedException or (the token could not be checked) UnavailableException; returns
    /// when the call may go ahead as `caller`.
    public static void Authorize(HttpContext http, Access access, string what)
    {
        var settings = http.RequestServices.GetRequiredService<IOptions<AuthSettings>>().Value;
        var claims = settings.Claims;
        var caller = http.RequestServices.GetRequiredService<CallerContext>();
        if (http.Features.Get<TokenAuthentication.AuthorityUnreachable>() is not null)
            throw new UnavailableException("The identity provider cannot be reached to check the access token; retry in a moment.");
        Resolve(caller, http.User, http.Request.Headers[CallerContext.TenantHeader].ToString(), claims);
        caller.Rpc ??= what;
        // JwtBearer requires and has checked the expiry (a NumericDate: seconds since 1970).
        if (long.TryParse(Value(http.User, "exp"), out var expires))
            caller.TokenValidUntil = DateTimeOffset.FromUnixTimeSeconds(expires) + settings.ClockSkew;
        caller.RequestId = RequestId(http);
        if (!RegionRoles.Allows(access, caller.Roles))
            throw new PermissionDeniedException(
                $"{what} needs the role {string.Join(" or ", RegionRoles.For(access).Select(Input.Quote))}; the token has {Listed(caller.Roles)}.");
    }

    /// The caller as the token says: who, the roles, the unit scope, and the tenant (the token's
    /// only one, or the one x-tenant names among the token's).
    public static void Resolve(CallerContext caller, ClaimsPrincipal user, string? tenantHeader, ClaimNames claims)
    {
        if (user.Identity is not { IsAuthenticated: true })
            throw new UnauthenticatedException("A valid access token is required: send 'authorization: Bearer <token>' (regionctl login; docs/security.md).");
        var subject = Value(user, ClaimNames.Subject) ?? Value(user, claims.Name)
            ?? throw new UnauthenticatedException("The access token names nobody (no 'sub' or name claim).");
        caller.Tenant = Tenant(Values(user, claims.Tenant), tenantHeader, claims.Tenant);
        caller.User = subject;
        caller.UserName = Value(user, claims.Name);
        caller.Roles = Values(user, claims.Role).ToHashSet(StringComparer.Ordinal);
        var scopes = Values(user, claims.UnitScope);
        // Two scopes would be a token we cannot read safely: refuse rather than pick one.
        if (scopes.Count > 1) throw new PermissionDeniedException("The access token names more than one unit scope.");
        caller.UnitScope = scopes.SingleOrDefault();
    }

    /// The caller's own request id when it sends a sane one (bounded, printable), else ASP.NET's.
    private static string RequestId(HttpContext http)
    {
        var sent = http.Request.Headers[CallerContext.RequestIdHeader].ToString().Trim();
        return sent.Length is > 0 and <= MaxRequestIdLength && sent.All(c => c is > ' ' and < '\u007f') ? sent : http.TraceIdentifier;
    }

    public const int MaxRequestIdLength = 100;

    private static string Tenant(IReadOnlyList<string> tenants, string? header, string claim)
    {
        if (!string.IsNullOrWhiteSpace(header))
        {
            var v = new Violations();
            if (!Input.CheckCode(header, CallerContext.TenantHeader, v, max: CallerContext.MaxTenantLength)) throw new ValidationFailedException(v.Items);
            var named = header.Trim();
            return tenants.Contains(named, StringComparer.Ordinal) ? named
                : throw new PermissionDeniedException($"The access token does not let you act for tenant {Input.Quote(named)}; it names {Listed(tenants)}.");
        }
        return tenants.Count switch
        {
            0 => throw new PermissionDeniedException($"The access token names no tenant (claim '{claim}')."),
            1 when Input.CheckCode(tenants[0], claim, new Violations(), max: CallerContext.MaxTenantLength) => tenants[0],
            1 => throw new PermissionDeniedException($"The access token's tenant {Input.Quote(tenants[0])} is not a valid tenant code."),
            _ => throw new ValidationFailedException([new FieldViolation(CallerContext.TenantHeader,
                $"The access token names several tenants ({Listed(tenants)}): say which one in '{CallerContext.TenantHeader}'.")]),
        };
    }

    private static string? Value(ClaimsPrincipal user, string type) => user.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;

    private static List<string> Values(ClaimsPrincipal user, string type) =>
        user.FindAll(type).Select(c => c.Value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static string Listed(IEnumerable<string> values) =>
        values.Take(10).Select(Input.Quote).ToList() is { Count: > 0 } quoted ? string.Join(", ", quoted) : "none";
}
