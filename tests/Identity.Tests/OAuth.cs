using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// The client side of the protocol over plain HTTP, as any OAuth client would speak it.
public static class OAuth
{
    public const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<(int Status, JsonElement Body)> PostAsync(IdentityProvider idp, string path, Dictionary<string, string> form)
    {
        using var http = new HttpClient { BaseAddress = idp.Authority };
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(form));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<JsonElement> TokenAsync(IdentityProvider idp, Dictionary<string, string> form)
    {
        var (status, body) = await PostAsync(idp, "connect/token", form);
        Assert.True(status == 200, $"token endpoint: {status} {body}");
        return body;
    }

    public static string Error(JsonElement body) => body.TryGetProperty("error", out var e) ? e.GetString()! : $"(no error in {body})";

    /// Starts a device authorization for a public client: device_code, user_code, verification_uri(_complete).
    public static async Task<JsonElement> DeviceAsync(IdentityProvider idp, string clientId, string scope = "openid offline_access")
    {
        var (status, body) = await PostAsync(idp, "connect/device", new() { ["client_id"] = clientId, ["scope"] = scope });
        Assert.True(status == 200, $"device authorization: {status} {body}");
        return body;
    }

    /// One poll of the token endpoint for a device code.
    public static Task<(int Status, JsonElement Body)> PollAsync(IdentityProvider idp, string clientId, JsonElement device) =>
        PostAsync(idp, "connect/token", new()
        {
            ["grant_type"] = DeviceGrant,
            ["client_id"] = clientId,
            ["device_code"] = device.GetProperty("device_code").GetString()!,
        });

    /// The token validated as a service will: signature by a key of the JWKS, issuer, audience, lifetime.
    public static async Task<JsonWebToken> ValidateAsync(IdentityProvider idp, string accessToken)
    {
        using var http = new HttpClient { BaseAddress = idp.Authority };
        var keys = new JsonWebKeySet(await http.GetStringAsync(".well-known/jwks")).GetSigningKeys();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = idp.Issuer,
            ValidAudience = IdentityProvider.Audience,
            IssuerSigningKeys = keys,
        });
        Assert.True(result.IsValid, $"The access token does not validate: {result.Exception?.Message}");
        return (JsonWebToken)result.SecurityToken;
    }

    public static string[] Values(JsonWebToken token, string claim) =>
        [.. token.Claims.Where(c => c.Type == claim).Select(c => c.Value).Order(StringComparer.Ordinal)];
}
