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
            });
        builder.Services.AddHttpClient<ServiceToken>();
        return builder;
    }
}
