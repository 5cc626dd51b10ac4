using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
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
        var unknown = await People.SignInAsync(idp, "nobody-" + Guid.NewGuid().ToString("N")[..6], user.Password);
        var wrong = await People.SignInAsync(idp, user.UserName, "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains(LoginEndpoints.Failed, unknown.Html);
        Assert.Contains(LoginEndpoints.Failed, wrong.Html);
    }

    [Fact]
    public async Task Every_attempt_is_in_the_trail_and_counted_and_a_name_no_account_has_is_not_kept()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var password = "typed-as-a-name-" + Guid.NewGuid().ToString("N")[..8];
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = CountSignIns(counted);

        await People.SignInAsync(idp, password, "anything");
        await People.SignInAsync(idp, user.UserName, "not-the-password");
        await People.SignInAsync(idp, " " + user.UserName.ToUpperInvariant(), user.Password);

        var trail = idp.SignInTrail.Where(l => Equals(l.Fields["Account"], user.UserName)).ToList();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], trail.Select(l => l.Level));
        Assert.Equal([$"Sign-in: failed for {user.UserName} from 127.0.0.1", $"Sign-in: {user.UserName} signed in from 127.0.0.1"], trail.Select(l => l.Message));
        Assert.DoesNotContain(idp.SignInTrail, l => l.Message.Contains(password, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(idp.SignInTrail, l => Equals(l.Fields["Account"], SignInTrail.UnknownName));
        // Other tests sign in meanwhile: at least these attempts.
        Assert.True(counted.GetValueOrDefault("failed") >= 2 && counted.GetValueOrDefault("signed_in") >= 1, string.Join(", ", counted));
        // As Prometheus scrapes it.
        using var http = new HttpClient { BaseAddress = idp.Authority };
        var scraped = (await http.GetStringAsync("metrics")).Split('\n');
        Assert.Contains(scraped, l => l.StartsWith("region_identity_sign_ins_total{", StringComparison.Ordinal) && l.Contains("outcome=\"failed\""));
    }

    [Fact]
    public async Task Overlong_names_and_passwords_fail_like_any_other_and_oversized_forms_are_refused()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var longName = await People.SignInAsync(idp, new string('a', RegionUser.MaxNameLength + 1), user.Password);
        var longPassword = await People.SignInAsync(idp, user.UserName, user.Password + new string('x', RegionUser.MaxPasswordLength));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (longName.Status, longPassword.Status));
        Assert.Contains(LoginEndpoints.Failed, longName.Html);

        var hugeValue = await People.SignInAsync(idp, new string('a', FormLimits.MaxValueLength + 1), "x");
        using var browser = new Browser(idp.Authority);
        var fields = Enumerable.Range(0, 5).ToDictionary(i => $"f{i}", _ => new string('x', FormLimits.MaxValueLength - 100));
        fields["username"] = user.UserName;
        fields["password"] = user.Password;
        var hugeBody = await browser.SubmitAsync(await browser.GetAsync(LoginEndpoints.Path), fields);
        using var http = new HttpClient { BaseAddress = idp.Authority };
        fields["grant_type"] = "client_credentials";
        var token = await http.PostAsync("connect/token", new FormUrlEncodedContent(fields));
        var oneValue = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = new string('x', FormLimits.MaxValueLength + 1) }));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest),
            (hugeValue.Status, hugeBody.Status, token.StatusCode, oneValue.StatusCode));
        Assert.Contains("\"invalid_request\"", await oneValue.Content.ReadAsStringAsync());
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
        var page = await People.SignInAsync(idp, "<script>alert(1)</script>", "whatever");
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

    private static MeterListener CountSignIns(ConcurrentDictionary<string, long> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Name: "region.identity.sign_ins", Meter.Name: "identity" }) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "outcome", Value: string outcome }) counted.AddOrUpdate(outcome, value, (_, sum) => sum + value);
        });
        listener.Start();
        return listener;
    }
}
