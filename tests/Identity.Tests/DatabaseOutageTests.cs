using Region.Identity.Accounts;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// The provider's database going away while it runs: a token request and a sign-in answer "try
/// again later" (503 with Retry-After; the token endpoint as OAuth's temporarily_unavailable), not
/// a 500 without a word, and all is well once the database is back.
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_away_the_endpoints_answer_503_temporarily_unavailable_and_recover()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var idp = await IdentityProvider.StartAsync(database);
        var clientId = "outage-" + Guid.NewGuid().ToString("N")[..8];
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId, DisplayName = clientId, Secret = "the-secret",
            Grants = [ClientGrant.ClientCredentials], Tenants = ["rjh"], Roles = ["reader"],
        });
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "the-secret" };
        await OAuth.TokenAsync(idp, form);
        var person = await People.AddAsync(idp);
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(LoginEndpoints.Path);

        await database.AllowConnectionsAsync(false);
        try
        {
            using var http = new HttpClient { BaseAddress = idp.Authority };
            using var token = await http.PostAsync("connect/token", new FormUrlEncodedContent(form));
            var body = await token.Content.ReadAsStringAsync();
            Assert.True((int)token.StatusCode == 503, $"{(int)token.StatusCode} {body}");
            Assert.Contains("temporarily_unavailable", body);
            Assert.Equal("5", token.Headers.RetryAfter?.ToString());
            // A sign-in needs the user's row: a page saying to try again, not an error page.
            var signIn = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = person.UserName, ["password"] = person.Password });
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, signIn.Status);
            Assert.Contains("Försök igen om en stund", signIn.Html);
        }
        finally
        {
            await database.AllowConnectionsAsync(true);
        }
        await OAuth.TokenAsync(idp, form);
    }
}
