using System.Text.Json;
using Region.Identity.Accounts;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// Users and clients of a test's own, with unique names, on a shared provider.
public static class People
{
    public static async Task<UserDefinition> AddAsync(IdentityProvider idp, string[]? roles = null, string? unitScope = null, bool disabled = false, string[]? tenants = null)
    {
        var user = new UserDefinition
        {
            UserName = "u" + Guid.NewGuid().ToString("N")[..10],
            DisplayName = "Testa <Person>",
            Password = "pw-" + Guid.NewGuid().ToString("N")[..12],
            Tenants = tenants ?? ["rjh", "demo2"],
            Roles = roles ?? ["planner", "reader"],
            UnitScope = unitScope,
            Disabled = disabled,
        };
        await idp.AddUserAsync(user);
        return user;
    }

    /// A public client allowed the device flow and refresh tokens, as regionctl is.
    public static async Task<string> DeviceClientAsync(IdentityProvider idp)
    {
        var clientId = "cli-" + Guid.NewGuid().ToString("N")[..10];
        await idp.RegisterClientAsync(new ClientDefinition
        {
            ClientId = clientId,
            DisplayName = "regionctl (test)",
            Grants = [ClientGrant.DeviceCode, ClientGrant.RefreshToken],
        });
        return clientId;
    }

    /// What the person does in the browser: open the verification link, sign in, approve the code.
    /// Returns the last page (the "done" page, or the sign-in page again when it failed).
    public static async Task<BrowserPage> ApproveDeviceAsync(IdentityProvider idp, JsonElement device, string userName, string password)
    {
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(device.GetProperty("verification_uri_complete").GetString()!);
        Assert.Contains("Logga in", login.Html);
        var confirm = await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = userName, ["password"] = password });
        if (!confirm.Html.Contains("Godkänn inloggning")) return confirm;
        Assert.Contains(device.GetProperty("user_code").GetString()!, confirm.Html);
        return await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "approve" });
    }

    /// One attempt on the sign-in page in a fresh browser.
    public static async Task<BrowserPage> SignInAsync(IdentityProvider idp, string userName, string password)
    {
        using var browser = new Browser(idp.Authority);
        var login = await browser.GetAsync(LoginEndpoints.Path);
        return await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = userName, ["password"] = password });
    }
}
