using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Region.Identity.Accounts;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// The sign-in trail as a tenant's admin reads it (GET /admin/sign-ins, regionctl sign-ins): every
/// attempt on an account of the tenant, newest first, none of another tenant's, never a typed name
/// that is no account, and only for an admin's access token of this provider.
public sealed class SignInTrailTests
{
    [Fact]
    public async Task An_admin_sees_the_attempts_on_the_tenants_accounts_newest_first_and_nothing_of_another_tenant()
    {
        var idp = await IdentityProvider.SharedAsync();
        var (tenant, other) = (NewTenant(), NewTenant());
        var user = await People.AddAsync(idp, tenants: [tenant]);
        var elsewhere = await People.AddAsync(idp, tenants: [other]);
        var typedPassword = "typed-as-a-name-" + Guid.NewGuid().ToString("N")[..8];
        await SignInAsync(idp, user.UserName, "not-the-password");
        await SignInAsync(idp, " " + user.UserName.ToUpperInvariant(), user.Password);
        await SignInAsync(idp, elsewhere.UserName, elsewhere.Password);
        await SignInAsync(idp, typedPassword, "anything");

        var answer = await TrailAsync(idp, await idp.TokenAsync(tenant, ["admin"]), "");
        Assert.Equal(tenant, answer.GetProperty("tenant").GetString());
        var attempts = answer.GetProperty("signIns").EnumerateArray().ToList();
        Assert.Equal([(user.UserName, "signed_in"), (user.UserName, "failed")],
            attempts.Select(a => (a.GetProperty("account").GetString(), a.GetProperty("outcome").GetString())));
        Assert.All(attempts, a => Assert.Equal("127.0.0.1", a.GetProperty("address").GetString()));
        Assert.True(attempts[0].GetProperty("at").GetDateTimeOffset() >= attempts[1].GetProperty("at").GetDateTimeOffset());

        var filtered = await TrailAsync(idp, await idp.TokenAsync(tenant, ["admin"]), $"?account={user.UserName.ToUpperInvariant()}&outcome=failed&limit=5");
        Assert.Single(filtered.GetProperty("signIns").EnumerateArray());
        var theirs = (await TrailAsync(idp, await idp.TokenAsync(other, ["admin"]), "")).GetProperty("signIns").EnumerateArray().ToList();
        Assert.Equal([elsewhere.UserName], theirs.Select(a => a.GetProperty("account").GetString()));

        using var scope = idp.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Region.Identity.Data.IdentityDb>();
        Assert.DoesNotContain(db.SignIns, r => r.Account.Contains(typedPassword));
    }

    [Fact]
    public async Task Without_an_admins_token_of_this_provider_the_trail_is_refused_and_bad_parameters_are_listed()
    {
        var idp = await IdentityProvider.SharedAsync();
        var tenant = NewTenant();
        using var http = new HttpClient { BaseAddress = idp.Authority };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(SignInTrailEndpoint.Path)).StatusCode);
        // Signed with the provider's key and nothing changed: as good as its own token, so each refusal below is for the one change.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, HandMadeToken.Sign(idp, [tenant], ["admin"]), "")).StatusCode);
        foreach (var token in new[]
        {
            HandMadeToken.Sign(idp, [tenant], ["admin"], forged: true),
            HandMadeToken.Sign(idp, [tenant], ["admin"], audience: "another-api"),
            HandMadeToken.Sign(idp, [tenant], ["admin"], issuer: "https://elsewhere.example/"),
            HandMadeToken.Sign(idp, [tenant], ["admin"], expires: DateTime.UtcNow.AddMinutes(-5)),
        })
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, token, "")).StatusCode);
        var reader = await GetAsync(http, await idp.TokenAsync(tenant, ["reader", "controller"]), "");
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Contains("admin", await reader.Content.ReadAsStringAsync());

        var bad = await GetAsync(http, await idp.TokenAsync(tenant, ["admin"]), "?outcome=maybe&since=yesterday&limit=0&account=" + new string('x', 65));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["account", "limit", "outcome", "since"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..10];

    static async Task<JsonElement> TrailAsync(IdentityProvider idp, string token, string query)
    {
        using var http = new HttpClient { BaseAddress = idp.Authority };
        var response = await GetAsync(http, token, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static Task<HttpResponseMessage> GetAsync(HttpClient http, string token, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, SignInTrailEndpoint.Path + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    static async Task SignInAsync(IdentityProvider idp, string userName, string password)
    {
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(LoginEndpoints.Path);
        await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = userName, ["password"] = password });
    }
}
