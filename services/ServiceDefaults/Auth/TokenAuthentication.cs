using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Region.ServiceDefaults.Auth;

/// JWT bearer validation against the configured authority (Auth:*): issuer and signing keys from its
/// discovery document and JWKS, audience, lifetime. The keys are cached and fetched again when a
/// token names a key id the cache lacks (JwtBearer's configuration manager does both), so a key
/// rotation at the authority needs nothing here.
public static class TokenAuthentication
{
    public static IHostApplicationBuilder AddTokenAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthSettings>().BindConfiguration(AuthSettings.Section)
            .Validate(s => Uri.TryCreate(s.Authority, UriKind.Absolute, out _), "Auth:Authority must be the absolute URL of the token issuer (docs/security.md).")
            // JwtBearer refuses a plain-HTTP authority only when it first builds its options, on
            // the first request, and then fails every request with 500, the probes' too.
            .Validate(s => !s.RequireHttpsMetadata || !Uri.TryCreate(s.Authority, UriKind.Absolute, out var a) || a.Scheme == Uri.UriSchemeHttps,
                "Auth:Authority must be an https URL unless Auth:RequireHttpsMetadata is false (a local authority on plain HTTP).")
            .Validate(s => !string.IsNullOrWhiteSpace(s.Audience), "Auth:Audience must not be empty.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthSettings>>((o, settings) =>
            {
                var auth = settings.Value;
                o.Authority = auth.Authority;
                o.Audience = auth.Audience;
                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                // Claim names stay as the token has them (no mapping to long URIs): Auth:Claims:* name them.
                o.MapInboundClaims = false;
                var p = o.TokenValidationParameters;
                p.ValidateIssuer = true;
                p.ValidateAudience = true;
                p.ValidateLifetime = true;
                p.RequireExpirationTime = true;
                p.RequireSignedTokens = true;
                p.ClockSkew = auth.ClockSkew;
                p.NameClaimType = auth.Claims.Name;
                p.RoleClaimType = auth.Claims.Role;
                o.Events = new JwtBearerEvents { OnAuthenticationFailed = NoteUnreachableAuthorityAsync };
                // The longest wait between fetches of the keys while the service has none (its
                // back-off after a failed fetch grows to it; 5 minutes by default, which left a
                // service started during an outage of the provider refusing calls for minutes after
                // it was back), and between fetches for a key id the cache lacks.
                o.RefreshInterval = KeysRefetchedAfterFailureWithin;
            });
        builder.Services.AddHttpClient<ServiceToken>();
        return builder;
    }

    public static readonly TimeSpan KeysRefetchedAfterFailureWithin = TimeSpan.FromSeconds(30);

    /// Whether the token could not be checked because the authority's keys could not be fetched
    /// (set by the authentication middleware; CallAuthorization answers UNAVAILABLE for it).
    public sealed class AuthorityUnreachable;

    // When the discovery document and keys cannot be fetched, the token handler checks the token
    // without them and fails it like a forged one: the caller would hear "sign in again" while
    // nothing was wrong with the token. Asking the configuration manager again costs nothing when
    // it holds the keys (it answers from its cache) and, without them, fails at once within its
    // back-off between fetches.
    static async Task NoteUnreachableAuthorityAsync(AuthenticationFailedContext context)
    {
        if (context.Options.ConfigurationManager is not { } configuration) return;
        try
        {
            await configuration.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.HttpContext.Features.Set(new AuthorityUnreachable());
        }
    }
}
