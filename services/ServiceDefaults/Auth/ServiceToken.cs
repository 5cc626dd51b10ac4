using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Auth;

/// An access token for this service itself, for its calls to other services (reporting's rebuild
/// asking the sources for snapshots): the client credentials grant with Auth:Client:Id and
/// Auth:Client:Secret at the token endpoint of the authority's discovery document.
public sealed class ServiceToken(HttpClient http, IOptions<AuthSettings> settings, IOptionsMonitor<JwtBearerOptions> bearer)
{
    /// A fresh token. Not cached: its users are rare administrative calls, and a fresh token also
    /// carries tenants or roles the client was given since.
    public async Task<string> RequestAsync(CancellationToken ct)
    {
        var client = settings.Value.Client;
        if (string.IsNullOrWhiteSpace(client.Id) || string.IsNullOrWhiteSpace(client.Secret))
            throw new FailedPreconditionException("This service has no client credentials of its own: set Auth:Client:Id and Auth:Client:Secret (docs/security.md).");
        try
        {
            // The same cached discovery document the token validation reads.
            var manager = bearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager
                ?? throw new InvalidOperationException("JwtBearer has no configuration manager.");
            var endpoint = (await manager.GetConfigurationAsync(ct)).TokenEndpoint;
            using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = client.Id,
                ["client_secret"] = client.Secret,
            }), ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value)
                return value;
            var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.GetString() : null;
            throw new FailedPreconditionException($"The identity provider refused this service's client credentials ({(int)response.StatusCode} {error}).");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The identity provider cannot be reached for this service's token; retry in a moment."));
        }
    }

    /// The tenants a token of ours names (under Auth:Claims:Tenant), or null when it is not a JWT we can read.
    public IReadOnlyList<string>? TenantsOf(string token)
    {
        if (!new JsonWebTokenHandler().CanReadToken(token)) return null;
        var jwt = new JsonWebToken(token);
        return jwt.Claims.Where(c => c.Type == settings.Value.Claims.Tenant).Select(c => c.Value).ToList();
    }
}
