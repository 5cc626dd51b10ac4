using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Region.ServiceDefaults.Auth;
using Xunit;

namespace Region.ServiceDefaults.Tests.Auth;

/// Settings with which no token could ever be validated are refused at start, each one named,
/// rather than failing every request later (the health probes' too).
public sealed class AuthSettingsTests
{
    [Theory]
    [InlineData("https://idp.example/realms/region", null)]
    [InlineData("http://127.0.0.1:5206/", "false")]
    public void An_https_authority_or_a_plain_http_one_allowed_on_purpose_is_accepted(string authority, string? requireHttpsMetadata)
    {
        var settings = Resolve(new() { ["Auth:Authority"] = authority, ["Auth:RequireHttpsMetadata"] = requireHttpsMetadata });
        Assert.Equal(authority, settings.Authority);
    }

    [Fact]
    public void A_plain_http_authority_without_saying_so_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Auth:Authority"] = "http://idp.example/" }));
        Assert.Contains("Auth:Authority must be an https URL unless Auth:RequireHttpsMetadata is false (a local authority on plain HTTP).", error.Failures);
    }

    [Fact]
    public void A_missing_authority_and_an_empty_audience_are_both_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Auth:Audience"] = " " }));
        Assert.Contains("Auth:Authority must be the absolute URL of the token issuer (docs/security.md).", error.Failures);
        Assert.Contains("Auth:Audience must not be empty.", error.Failures);
    }

    static AuthSettings Resolve(Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddTokenAuthentication();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<AuthSettings>>().Value;
    }
}
