using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Region.Identity;
using Region.Identity.Accounts;
using Xunit;

namespace Region.TestSupport;

/// The identity service (services/Identity) in-process on Kestrel on a free loopback port, with a
/// database of its own: real tokens over real HTTP for tests. `SharedAsync()` starts one per test
/// assembly on first use; `StartAsync` starts a private one (e.g. a second host on the same database).
public sealed class IdentityProvider : IAsyncLifetime, IAsyncDisposable
{
    public const string Audience = IdentitySettings.Audience;

    private static readonly Lazy<Task<IdentityProvider>> Shared = new(StartSharedAsync);

    private readonly PostgresDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private WebApplication? _app;

    /// A provider on a new database, or on `database` (then left to its owner), with extra settings
    /// (e.g. Identity:AccessTokenLifetime, Identity:Keys:RotateAfter, Identity:Issuer).
    public IdentityProvider(PostgresDatabase? database = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _database = database ?? new PostgresDatabase();
        _ownsDatabase = database is null;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    /// Where it listens: http://127.0.0.1:{port}/.
    public Uri Authority { get; private set; } = null!;

    /// The issuer its tokens name: Authority unless the settings say otherwise.
    public string Issuer { get; private set; } = "";

    public PostgresDatabase Database => _database;

    /// The sign-in trail's log events (SignInTrail.Category), as the service wrote them.
    public ConcurrentQueue<CapturedLog> SignInTrail { get; } = new();
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The identity provider is not started.");

    /// The one provider of this test assembly, started on first use; its database goes when the process ends.
    public static Task<IdentityProvider> SharedAsync() => Shared.Value;

    public static async Task<IdentityProvider> StartAsync(PostgresDatabase? database = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var provider = new IdentityProvider(database, settings);
        await provider.InitializeAsync();
        return provider;
    }

    public async Task InitializeAsync()
    {
        if (_ownsDatabase) await _database.InitializeAsync();
        var port = TestInfra.FreePort();
        Authority = new Uri($"http://127.0.0.1:{port}/");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = _database.ConnectionString,
            ["Identity:Issuer"] = Authority.ToString(),
            ["Identity:RequireHttps"] = "false",
            ["Ports:Http"] = port.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _settings) settings[key] = value;
        Issuer = settings["Identity:Issuer"]!;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(IdentityApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Only these settings: the test folder holds some service's appsettings.json, not ours.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new CapturingLoggerProvider(SignInTrail));
        builder.Logging.AddFilter<CapturingLoggerProvider>((_, _) => false);
        builder.Logging.AddFilter<CapturingLoggerProvider>(Identity.Accounts.SignInTrail.Category, LogLevel.Information);
        _app = await IdentityApp.BuildAsync(builder);
        await _app.StartAsync();
    }

    /// An access token for a client with these claims (client credentials over HTTP), one client and
    /// one token per combination for the life of the provider.
    public Task<string> TokenAsync(string tenant, string[] roles, string? unitScope = null, string? name = null) =>
        TokenAsync([tenant], roles, unitScope, name);

    /// The same for a client acting for several tenants.
    public Task<string> TokenAsync(string[] tenants, string[] roles, string? unitScope = null, string? name = null)
    {
        var key = $"{string.Join(',', tenants)}|{string.Join(',', roles)}|{unitScope}|{name}";
        return _tokens.GetOrAdd(key, k => new Lazy<Task<string>>(() => IssueAsync(k, tenants, roles, unitScope, name))).Value;
    }

    private async Task<string> IssueAsync(string key, string[] tenants, string[] roles, string? unitScope, string? name)
    {
        var clientId = "test-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        await RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId,
            DisplayName = name ?? clientId,
            Secret = secret,
            Grants = [ClientGrant.ClientCredentials],
            Tenants = tenants,
            Roles = roles,
            UnitScope = unitScope,
        });
        return await ClientCredentialsAsync(clientId, secret);
    }

    /// Creates or updates a client application, as the seed file would.
    public async Task RegisterClientAsync(ClientDefinition client)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientCatalog>().UpsertAsync(client, CancellationToken.None);
    }

    /// Creates or updates a person who can sign in, as the seed file would.
    public async Task AddUserAsync(UserDefinition user)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserDirectory>().UpsertAsync(user, CancellationToken.None);
    }

    /// The access token of a client-credentials request; fails the test with the server's answer otherwise.
    public async Task<string> ClientCredentialsAsync(string clientId, string secret)
    {
        using var http = new HttpClient { BaseAddress = Authority };
        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || !body.TryGetProperty("access_token", out var token))
            throw new InvalidOperationException($"Client credentials for {clientId} failed: {(int)response.StatusCode} {body}");
        return token.GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_ownsDatabase) await _database.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static async Task<IdentityProvider> StartSharedAsync()
    {
        var provider = await StartAsync();
        // xunit 2 has no assembly fixture: the database goes when the test process ends. ProcessExit
        // handlers are synchronous, hence the blocking wait; the host itself ends with the process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => provider._database.DisposeAsync().Wait(TimeSpan.FromSeconds(10));
        return provider;
    }
}
