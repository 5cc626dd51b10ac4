using Microsoft.Extensions.Configuration;

namespace Region.Identity;

/// The identity service's configuration (section "Identity"), read once at start-up.
public sealed record IdentitySettings
{
    /// The issuer every token names and every service trusts, e.g. http://127.0.0.1:5206/ locally.
    public required Uri Issuer { get; init; }

    /// Off only for local runs and tests on plain HTTP; production serves (or is proxied as) HTTPS.
    public bool RequireHttps { get; init; } = true;

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(14);

    /// A YAML file of users and clients upserted at start-up (demo-data/identity.yaml locally).
    public string? SeedFile { get; init; }

    /// A folder of PEM keys (a mounted Secret) for production; without it the keys live in the database.
    public string? KeysPath { get; init; }

    /// How old the database's newest key may get before start-up makes a new one.
    public TimeSpan RotateKeysAfter { get; init; } = TimeSpan.FromDays(90);

    /// How long the sign-in trail keeps an attempt (table sign_ins; the logs keep theirs as long as the log store does).
    public TimeSpan SignInTrailRetention { get; init; } = TimeSpan.FromDays(180);

    public const string Audience = "region-api";

    public static IdentitySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Identity");
        var issuer = section["Issuer"] is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException("Identity:Issuer must be an absolute URL, e.g. http://127.0.0.1:5206/.");
        var defaults = new IdentitySettings { Issuer = issuer };
        return defaults with
        {
            RequireHttps = section.GetValue("RequireHttps", defaults.RequireHttps),
            AccessTokenLifetime = section.GetValue("AccessTokenLifetime", defaults.AccessTokenLifetime),
            RefreshTokenLifetime = section.GetValue("RefreshTokenLifetime", defaults.RefreshTokenLifetime),
            SeedFile = section["SeedFile"] is { Length: > 0 } seed ? seed : null,
            KeysPath = section["Keys:Path"] is { Length: > 0 } keys ? keys : null,
            RotateKeysAfter = section.GetValue("Keys:RotateAfter", defaults.RotateKeysAfter),
            SignInTrailRetention = section.GetValue("SignInTrailRetention", defaults.SignInTrailRetention),
        };
    }
}
