using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Server;
using Region.Identity.Accounts;
using Region.Identity.Data;
using Region.Identity.Endpoints;
using Region.Identity.Keys;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Region.Identity;

/// The identity service put together: the service itself (IdentityProgram) and the test fixture
/// both build it here, so a test runs exactly what production runs.
public static class IdentityApp
{
    /// Registers everything, builds the app, maps the endpoints, migrates the database, loads the
    /// token keys and seeds the users and clients; the caller runs or starts it.
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken ct = default)
    {
        var settings = IdentitySettings.From(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString("Database")
            ?? throw new InvalidOperationException("ConnectionStrings:Database is not set.");

        // It issues the tokens the other services validate; its own sign-in is a cookie.
        builder.AddServiceDefaults("identity", validatesTokens: false);
        builder.Services.AddFormLimits();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<KeyRing>();
        // No retrying execution strategy: seeding and key rotation run in explicit transactions.
        builder.Services.AddDbContext<IdentityDb>(o => o.UseNpgsql(connectionString));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<IdentityDb>>("database", tags: ["ready"]);
        builder.Services.AddScoped<UserDirectory>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddScoped<SignInTrail>();
        builder.Services.AddSignInLimiter();
        builder.Services.AddScoped<ClientCatalog>();

        // Cookie and antiforgery keys shared by every replica and kept across restarts; with a key
        // folder (production) encrypted in the database by its certificate.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("region-identity").PersistKeysToDbContext<IdentityDb>();
        if (settings.KeysPath is { } keys)
        {
            var certificates = KeyFolder.DataProtectionCertificates(Path.Combine(builder.Environment.ContentRootPath, keys));
            dataProtection.ProtectKeysWithCertificate(certificates[0]).UnprotectKeysWithAnyCertificate([.. certificates]);
        }
        var cookiePolicy = settings.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = cookiePolicy);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = LoginEndpoints.Path;
            o.Cookie.Name = "region_identity";
            o.Cookie.SecurePolicy = cookiePolicy;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        }).AddOwnAccessTokens(settings);
        builder.Services.AddAuthorization();
        AddOpenIddict(builder.Services, settings);

        var app = builder.Build();
        app.UseDatabaseOutageAnswer();
        app.UseFormLimits();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapLoginEndpoints();
        app.MapTokenEndpoint();
        app.MapAuthorizationEndpoints();
        app.MapDeviceVerification();
        app.MapSignInTrail();
        app.MapDefaultEndpoints();

        await app.MigrateDatabaseAsync<IdentityDb>(ct);
        await LoadKeysAsync(app, settings, ct);
        if (settings.SeedFile is { } seed)
            await SeedFile.SeedAsync(app.Services, Path.Combine(app.Environment.ContentRootPath, seed),
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Seed"), ct);
        return app;
    }

    private static void AddOpenIddict(IServiceCollection services, IdentitySettings settings)
    {
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(o =>
            {
                o.SetIssuer(settings.Issuer);
                o.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetDeviceAuthorizationEndpointUris("connect/device")
                    .SetEndUserVerificationEndpointUris(DeviceVerification.Path.TrimStart('/'))
                    .SetEndSessionEndpointUris("connect/endsession");
                o.AllowClientCredentialsFlow()
                    .AllowDeviceAuthorizationFlow()
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow();
                o.RequireProofKeyForCodeExchange();
                // S256 only: a "plain" challenge is the verifier itself, readable wherever the URL is logged.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess, Scopes.Profile, Scopes.Roles);
                o.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, RegionClaims.Tenant, RegionClaims.UnitScope);
                // The services validate plain signed JWTs against the JWKS, as they would Entra ID's.
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                o.SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
                var aspNetCore = o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!settings.RequireHttps) aspNetCore.DisableTransportSecurityRequirement();
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<KeyRing>((options, ring) => ring.ApplyTo(options));
    }

    /// From the key folder when one is configured (production), else from the database (made and rotated there).
    private static async Task LoadKeysAsync(WebApplication app, IdentitySettings settings, CancellationToken ct)
    {
        var ring = app.Services.GetRequiredService<KeyRing>();
        if (settings.KeysPath is { } path)
        {
            var (signing, encryption) = KeyFolder.Load(Path.Combine(app.Environment.ContentRootPath, path));
            ring.Load(signing, encryption);
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var (stored, encrypting) = await DatabaseKeys.LoadAsync(db, settings, DateTimeOffset.UtcNow, ct);
        ring.Load(stored, encrypting);
    }
}
