using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.Tenancy;
using Region.ServiceDefaults.Requests;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Region.ServiceDefaults.Tests.Requests;

public sealed class InputTests
{
    [Theory]
    [InlineData("Regionstyrelsen", true)]
    [InlineData("två\nrader", false)]
    [InlineData("NUL\0", false)]
    [InlineData("\u202Eرس", true)]
    [InlineData("emoji 😀", true)]
    public void Single_line_text_refuses_control_characters_and_broken_surrogates(string text, bool ok)
    {
        var v = new Violations();
        Assert.Equal(ok, Input.CheckText(text, "name", 100, v));
        Assert.Equal(ok ? 0 : 1, v.Items.Count);
    }

    [Fact]
    public void Text_longer_than_its_column_is_refused_and_blank_counts_as_missing()
    {
        var v = new Violations();
        Assert.False(Input.CheckText(new string('x', 301), "source", 300, v));
        Assert.True(Input.CheckText("rad ett\nrad två\ttab", "comment", 300, v, multiLine: true));
        Assert.True(Input.CheckText("  ", "comment", 300, v));
        Assert.False(Input.CheckText("  ", "name", 300, v, required: true));
        Assert.False(Input.CheckText("lone \uD800 surrogate", "title", 300, v));
        Assert.Equal(["source", "name", "title"], v.Items.Select(x => x.Field));
    }

    [Theory]
    [InlineData("RS-FTM", true)]
    [InlineData("HÄLSA_1.2", true)]
    [InlineData("RS\0", false)]
    [InlineData("'; DROP TABLE units; --", false)]
    [InlineData("<img>", false)]
    [InlineData("٢٠٢٢", false)]
    public void Codes_are_letters_digits_and_a_few_marks(string code, bool ok) =>
        Assert.Equal(ok, Input.CheckCode(code, "code", new Violations()));

    [Fact]
    public void A_code_has_one_stored_form_and_a_bounded_length()
    {
        Assert.Equal("RS-FTM", Input.Code(" rs-ftm "));
        Assert.False(Input.CheckCode(new string('A', 41), "code", new Violations()));
    }

    [Fact]
    public void Quoted_input_never_grows_with_what_was_sent()
    {
        Assert.Equal("'RS?'", Input.Quote("RS\0"));
        Assert.Equal("'" + new string('x', 40) + "…'", Input.Quote(new string('x', 100_000)));
    }

    [Fact]
    public void Streams_are_capped_per_caller_and_per_server_and_a_closed_one_frees_its_place()
    {
        var limiter = new StreamLimiter(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:MaxPerServer"] = "3", ["Streams:MaxPerCaller"] = "2",
        }).Build());
        StreamLimiter.Lease Enter(string user) => limiter.Enter(new CallerContext { Tenant = "t", User = user }, CancellationToken.None);
        var a1 = Enter("a");
        using var a2 = Enter("a");
        Assert.Throws<ResourceExhaustedException>(() => Enter("a"));
        using var b1 = Enter("b");
        Assert.Throws<ResourceExhaustedException>(() => Enter("c"));
        a1.Dispose();
        a1.Dispose();
        using var c1 = Enter("c");
        Assert.Equal(3, limiter.Open);
    }

    [Fact]
    public async Task A_streams_lease_ends_with_its_token_and_says_so_but_not_when_the_caller_left()
    {
        var limiter = new StreamLimiter(new ConfigurationBuilder().Build());
        using (var expired = limiter.Enter(new CallerContext { Tenant = "t", User = "a", TokenValidUntil = DateTimeOffset.UtcNow.AddMilliseconds(50) }, CancellationToken.None))
        {
            Assert.False(expired.Ended.IsCancellationRequested);
            await Task.Delay(Timeout.Infinite, expired.Ended).ContinueWith(_ => { });
            Assert.Contains("has expired", Assert.Throws<UnauthenticatedException>(expired.ThrowIfTokenExpired).Message);
        }
        using var left = new CancellationTokenSource();
        using (var gone = limiter.Enter(new CallerContext { Tenant = "t", User = "a", TokenValidUntil = DateTimeOffset.UtcNow.AddHours(1) }, left.Token))
        {
            await left.CancelAsync();
            Assert.True(gone.Ended.IsCancellationRequested);
            gone.ThrowIfTokenExpired(); // the caller left: nothing to say
        }
        // No token (a system caller) or one of years: the lease ends only with the call.
        using var years = limiter.Enter(new CallerContext { Tenant = "t", User = "b", TokenValidUntil = DateTimeOffset.UtcNow.AddYears(5) }, CancellationToken.None);
        Assert.False(years.Ended.IsCancellationRequested);
        Assert.Equal(1, limiter.Open);
    }
}
