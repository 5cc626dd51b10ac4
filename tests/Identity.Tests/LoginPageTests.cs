using System.Net;
using Region.Identity.Accounts;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// The sign-in page: same answer for every failure, antiforgery, escaping, no way out of the service.
public sealed class LoginPageTests
{
    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var unknown = await SignInAsync(idp, "nobody-" + Guid.NewGuid().ToString("N")[..6], user.Password);
        var wrong = await SignInAsync(idp, user.UserName, "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains(LoginEndpoints.Failed, unknown.Html);
        Assert.Contains(LoginEndpoints.Failed, wrong.Html);
    }

    [Fact]
    public async Task After_five_failures_a_name_is_refused_even_with_its_password_and_other_names_are_not()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var other = await People.AddAsync(idp);
        for (var i = 0; i < SignInThrottle.FailuresPerName; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(idp, user.UserName, "wrong " + i)).Status);

        // Refused before the password is checked, under any spelling of the name.
        foreach (var name in new[] { user.UserName, " " + user.UserName.ToUpperInvariant() })
        {
            var refused = await SignInAsync(idp, name, user.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Contains(LoginEndpoints.Throttled, refused.Html);
            Assert.DoesNotContain("Inloggad som", refused.Html);
        }
        var page = await SignInAsync(idp, other.UserName, other.Password);
        Assert.Contains($"Inloggad som {other.UserName}", page.Html);
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        using var browser = new Browser(idp.Authority);
        await browser.GetAsync(LoginEndpoints.Path); // the antiforgery cookie, but not the form's token
        var page = await browser.PostAsync(LoginEndpoints.Path, new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = user.Password });
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.DoesNotContain("Inloggad som", (await browser.GetAsync("/")).Html);
    }

    [Fact]
    public async Task What_the_user_typed_comes_back_HTML_encoded()
    {
        var idp = await IdentityProvider.SharedAsync();
        var page = await SignInAsync(idp, "<script>alert(1)</script>", "whatever");
        Assert.DoesNotContain("<script>", page.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Html);
    }

    [Fact]
    public async Task A_sign_in_never_redirects_out_of_the_service()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(LoginEndpoints.Path + "?returnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        var page = await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["username"] = user.UserName, ["password"] = user.Password, ["returnUrl"] = "//evil.example/",
        });
        Assert.Null(page.LeftFor);
        Assert.Equal("/", page.Address.AbsolutePath);
        Assert.Contains($"Inloggad som {user.UserName}", page.Html);
    }

    [Fact]
    public async Task Health_is_live_and_ready_with_the_database()
    {
        var idp = await IdentityProvider.SharedAsync();
        using var http = new HttpClient { BaseAddress = idp.Authority };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        var ready = await http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("database: Healthy", await ready.Content.ReadAsStringAsync());
    }

    private static async Task<BrowserPage> SignInAsync(IdentityProvider idp, string userName, string password)
    {
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(LoginEndpoints.Path);
        return await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = userName, ["password"] = password });
    }
}
