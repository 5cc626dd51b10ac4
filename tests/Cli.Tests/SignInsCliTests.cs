using Region.Identity.Accounts;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// `regionctl sign-ins` against a real identity provider: the tenant's attempts as a table for an
/// admin, the provider's refusal in words and exit 1 for anyone else, and a missing provider named.
public sealed class SignInsCliTests
{
    [Fact]
    public async Task An_admin_lists_the_tenants_sign_ins_and_a_reader_is_refused()
    {
        var idp = await IdentityProvider.SharedAsync();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var user = new UserDefinition
        {
            UserName = "u" + Guid.NewGuid().ToString("N")[..10], DisplayName = "Sara Signin",
            Password = "pw-" + Guid.NewGuid().ToString("N")[..12], Tenants = [tenant], Roles = ["reader"],
        };
        await idp.AddUserAsync(user);
        foreach (var password in new[] { "wrong", user.Password })
        {
            using var browser = new Browser(idp.Authority);
            var login = await browser.GetAsync(LoginEndpoints.Path);
            await browser.SubmitAsync(login, new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = password });
        }
        string[] args = ["sign-ins", "--identity", idp.Authority.ToString(), "--tenant", tenant];

        var listed = await RunAsync(await idp.TokenAsync(tenant, ["admin"]), args);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var rows = listed.Out.Split('\n').Where(l => l.Contains(user.UserName)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("signed_in", rows[0]);
        Assert.Contains("failed", rows[1]);
        Assert.All(rows, r => Assert.Contains("127.0.0.1", r));

        var failedOnly = await RunAsync(await idp.TokenAsync(tenant, ["admin"]), [.. args, "--outcome", "failed", "--json"]);
        Assert.True(failedOnly.ExitCode == 0, failedOnly.ToString());
        Assert.Contains("\"outcome\":\"failed\"", failedOnly.Out);
        Assert.DoesNotContain("signed_in", failedOnly.Out);

        var refused = await RunAsync(await idp.TokenAsync(tenant, ["reader"]), args);
        Assert.True(refused.ExitCode == ExitCodes.Rejected, refused.ToString());
        Assert.Contains("403", refused.Error);
        Assert.Contains("admin", refused.Error);
        var anonymous = await RunAsync(null, args);
        Assert.True(anonymous.ExitCode == ExitCodes.Rejected, anonymous.ToString());
        Assert.Contains("regionctl login", anonymous.Error);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_is_named_with_its_option()
    {
        var address = $"http://127.0.0.1:{TestInfra.FreePort()}/";
        var run = await RunAsync("any", ["sign-ins", "--identity", address]);
        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains(address, run.Error);
        Assert.Contains("--identity (REGION_IDENTITY_URL)", run.Error);
    }

    static Task<CliRun> RunAsync(string? token, string[] args) =>
        CliRun.InProcessAsync(_ => throw new InvalidOperationException("No gRPC call expected."), () => new SocketsHttpHandler(), args,
            (_, _) => Task.FromResult(token));
}
