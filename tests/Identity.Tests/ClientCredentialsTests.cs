using Region.Identity.Accounts;
using Region.TestSupport;

namespace Region.Identity.Tests;

public sealed class ClientCredentialsTests
{
    [Fact]
    public async Task Client_credentials_give_a_JWT_for_region_api_signed_by_a_published_key_with_the_clients_claims()
    {
        var idp = await IdentityProvider.SharedAsync();
        var accessToken = await idp.TokenAsync(["rjh", "demo2"], ["finance", "reader"], unitScope: "RST", name: "Ekonomisystemet");

        var token = await OAuth.ValidateAsync(idp, accessToken);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(idp.Issuer, token.Issuer);
        Assert.Equal([IdentityProvider.Audience], token.Audiences);
        Assert.Equal(["demo2", "rjh"], OAuth.Values(token, "tenant"));
        Assert.Equal(["finance", "reader"], OAuth.Values(token, "role"));
        Assert.Equal(["RST"], OAuth.Values(token, "unit_scope"));
        Assert.Equal(["Ekonomisystemet"], OAuth.Values(token, "name"));
        Assert.StartsWith("test-", token.Subject);
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task The_same_claims_give_the_cached_token_and_other_claims_another()
    {
        var idp = await IdentityProvider.SharedAsync();
        var first = await idp.TokenAsync("rjh", ["reader"]);
        Assert.Same(first, await idp.TokenAsync("rjh", ["reader"]));
        var admin = await OAuth.ValidateAsync(idp, await idp.TokenAsync("rjh", ["admin"]));
        Assert.Equal(["admin"], OAuth.Values(admin, "role"));
        Assert.Empty(OAuth.Values(admin, "unit_scope"));
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_with_invalid_client()
    {
        var idp = await IdentityProvider.SharedAsync();
        var clientId = "integration-" + Guid.NewGuid().ToString("N")[..8];
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId, DisplayName = clientId, Secret = "the-right-secret",
            Grants = [ClientGrant.ClientCredentials], Tenants = ["rjh"], Roles = ["reader"],
        });

        var (status, body) = await OAuth.PostAsync(idp, "connect/token", new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "a-wrong-secret",
        });
        Assert.True(status is 400 or 401, $"{status} {body}");
        Assert.Equal("invalid_client", OAuth.Error(body));
        Assert.False(body.TryGetProperty("access_token", out _));
        Assert.NotEmpty(await idp.ClientCredentialsAsync(clientId, "the-right-secret"));
    }

    [Fact]
    public async Task A_public_client_gets_no_client_credentials_token()
    {
        var idp = await IdentityProvider.SharedAsync();
        var clientId = await People.DeviceClientAsync(idp);
        var (status, body) = await OAuth.PostAsync(idp, "connect/token", new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId });
        Assert.Equal(400, status);
        Assert.False(body.TryGetProperty("access_token", out _));
    }
}
