using Region.TestSupport;

namespace Region.Identity.Tests;

/// The device authorization grant as `regionctl login` uses it, the person's part done in a browser.
public sealed class DeviceFlowTests
{
    [Fact]
    public async Task Device_flow_with_the_login_form_gives_a_token_with_the_users_claims()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp, ["planner", "reader"], unitScope: "RST");
        var clientId = await People.DeviceClientAsync(idp);
        var device = await OAuth.DeviceAsync(idp, clientId);

        var (pending, body) = await OAuth.PollAsync(idp, clientId, device);
        Assert.Equal(400, pending);
        Assert.Equal("authorization_pending", OAuth.Error(body));

        var done = await People.ApproveDeviceAsync(idp, device, user.UserName, user.Password);
        Assert.Contains("Inloggningen är godkänd", done.Html);

        var (status, tokens) = await OAuth.PollAsync(idp, clientId, device);
        Assert.True(status == 200, tokens.ToString());
        var token = await OAuth.ValidateAsync(idp, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(user.UserName, token.Subject);
        Assert.Equal([user.DisplayName], OAuth.Values(token, "name"));
        Assert.Equal(["demo2", "rjh"], OAuth.Values(token, "tenant"));
        Assert.Equal(["planner", "reader"], OAuth.Values(token, "role"));
        Assert.Equal(["RST"], OAuth.Values(token, "unit_scope"));
        Assert.True(tokens.TryGetProperty("refresh_token", out _), "offline_access was asked for: a refresh token is due");
    }

    [Fact]
    public async Task A_wrong_password_approves_nothing_and_the_device_gets_no_token()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var clientId = await People.DeviceClientAsync(idp);
        var device = await OAuth.DeviceAsync(idp, clientId);

        var page = await People.ApproveDeviceAsync(idp, device, user.UserName, user.Password + "x");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, page.Status);
        Assert.Contains(Endpoints.LoginEndpoints.Failed, page.Html);

        var (status, body) = await OAuth.PollAsync(idp, clientId, device);
        Assert.Equal(400, status);
        Assert.Equal("authorization_pending", OAuth.Error(body));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_is_told_no_more_than_for_a_wrong_password()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp, disabled: true);
        var clientId = await People.DeviceClientAsync(idp);
        var device = await OAuth.DeviceAsync(idp, clientId);

        var page = await People.ApproveDeviceAsync(idp, device, user.UserName, user.Password);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, page.Status);
        Assert.Contains(Endpoints.LoginEndpoints.Failed, page.Html);
        var (_, body) = await OAuth.PollAsync(idp, clientId, device);
        Assert.Equal("authorization_pending", OAuth.Error(body));
    }

    [Fact]
    public async Task Denying_the_code_gives_the_device_access_denied()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var clientId = await People.DeviceClientAsync(idp);
        var device = await OAuth.DeviceAsync(idp, clientId);

        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(device.GetProperty("verification_uri_complete").GetString()!);
        var confirm = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = user.Password });
        var denied = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "deny" });
        Assert.Contains("nekades", denied.Html);

        var (_, body) = await OAuth.PollAsync(idp, clientId, device);
        Assert.Equal("access_denied", OAuth.Error(body));
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token_until_the_user_is_disabled()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp, ["controller"]);
        var clientId = await People.DeviceClientAsync(idp);
        var device = await OAuth.DeviceAsync(idp, clientId);
        await People.ApproveDeviceAsync(idp, device, user.UserName, user.Password);
        var (_, first) = await OAuth.PollAsync(idp, clientId, device);

        var refreshed = await OAuth.TokenAsync(idp, new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        });
        var token = await OAuth.ValidateAsync(idp, refreshed.GetProperty("access_token").GetString()!);
        Assert.Equal(user.UserName, token.Subject);
        Assert.Equal(["controller"], OAuth.Values(token, "role"));

        await idp.AddUserAsync(user with { Disabled = true });
        var (status, body) = await OAuth.PostAsync(idp, "connect/token", new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshed.GetProperty("refresh_token").GetString()!,
        });
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", OAuth.Error(body));
    }
}
