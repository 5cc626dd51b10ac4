using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.IdentityModel.Tokens;
using Region.Identity.Accounts;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// Authorization code + PKCE, as a web front end signs people in.
public sealed class AuthorizationCodeTests
{
    private static readonly Uri RedirectUri = new("http://127.0.0.1:5399/signin-oidc");

    [Fact]
    public async Task A_code_with_the_PKCE_verifier_gives_the_users_token()
    {
        var (idp, clientId, user) = await WebClientAsync();
        var verifier = Verifier();
        var code = await SignInForCodeAsync(idp, clientId, user, Challenge(verifier));

        var tokens = await OAuth.TokenAsync(idp, Exchange(clientId, code, verifier));
        var token = await OAuth.ValidateAsync(idp, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(user.UserName, token.Subject);
        Assert.Equal(["finance"], OAuth.Values(token, "role"));
        Assert.True(tokens.TryGetProperty("id_token", out _), "openid was asked for: an identity token is due");
    }

    [Fact]
    public async Task A_code_without_the_code_verifier_is_refused()
    {
        var (idp, clientId, user) = await WebClientAsync();
        var code = await SignInForCodeAsync(idp, clientId, user, Challenge(Verifier()));

        var (status, body) = await OAuth.PostAsync(idp, "connect/token", Exchange(clientId, code, verifier: null));
        Assert.Equal(400, status);
        Assert.Equal("invalid_request", OAuth.Error(body));
        var (wrongStatus, wrong) = await OAuth.PostAsync(idp, "connect/token", Exchange(clientId, code, Verifier()));
        Assert.Equal(400, wrongStatus);
        Assert.Equal("invalid_grant", OAuth.Error(wrong));
    }

    [Fact]
    public async Task An_authorization_request_without_a_code_challenge_is_refused()
    {
        var (idp, clientId, _) = await WebClientAsync();
        using var browser = new Browser(idp.Authority);
        var page = await browser.GetAsync(AuthorizeUrl(clientId, challenge: null));
        var error = page.LeftFor is null ? page.Html : HttpUtility.ParseQueryString(page.LeftFor.Query)["error"];
        Assert.Contains("invalid_request", error);
        Assert.DoesNotContain("Logga in", page.Html);
    }

    private static async Task<(IdentityProvider, string, UserDefinition)> WebClientAsync()
    {
        var idp = await IdentityProvider.SharedAsync();
        var clientId = "web-" + Guid.NewGuid().ToString("N")[..10];
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId, DisplayName = "Webb (test)",
            Grants = [ClientGrant.AuthorizationCode, ClientGrant.RefreshToken], RedirectUris = [RedirectUri],
        });
        return (idp, clientId, await People.AddAsync(idp, ["finance"]));
    }

    /// The browser's part: authorize, sign in, and the redirect back to the client with the code.
    private static async Task<string> SignInForCodeAsync(IdentityProvider idp, string clientId, UserDefinition user, string challenge)
    {
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(AuthorizeUrl(clientId, challenge));
        Assert.Contains("Logga in", login.Html);
        var back = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = user.Password });
        Assert.True(back.LeftFor is not null, $"No redirect to the client:\n{back.Html}");
        Assert.Equal(RedirectUri.GetLeftPart(UriPartial.Path), back.LeftFor.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(back.LeftFor.Query);
        Assert.Equal("s-123", query["state"]);
        return query["code"] ?? throw new InvalidOperationException($"No code in {back.LeftFor}");
    }

    private static string AuthorizeUrl(string clientId, string? challenge)
    {
        var url = $"connect/authorize?client_id={clientId}&response_type=code&scope=openid%20offline_access" +
                  $"&redirect_uri={Uri.EscapeDataString(RedirectUri.ToString())}&state=s-123";
        return challenge is null ? url : url + $"&code_challenge={challenge}&code_challenge_method=S256";
    }

    private static Dictionary<string, string> Exchange(string clientId, string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = RedirectUri.ToString(),
        };
        if (verifier is not null) form["code_verifier"] = verifier;
        return form;
    }

    private static string Verifier() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
