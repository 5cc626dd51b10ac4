using Microsoft.Extensions.Time.Testing;
using Region.Cli;
using Xunit;

namespace Region.Cli.Tests;

/// A command that runs longer than a token lives (regionctl generate) keeps its sign-in.
public class SessionTokenTests
{
    [Fact]
    public async Task An_old_token_is_fetched_again_while_calls_keep_the_current_one()
    {
        var clock = new FakeTimeProvider();
        var fetched = 0;
        var release = new TaskCompletionSource();
        var token = await SessionToken.FetchAsync(async _ =>
        {
            if (++fetched == 1) return "first";
            await release.Task;
            return "second";
        }, clock, CancellationToken.None);

        Assert.Equal("first", token.Current);
        Assert.Equal(1, fetched);

        clock.Advance(SessionToken.RenewAfter + TimeSpan.FromSeconds(1));
        Assert.Equal("first", token.Current); // starts the renewal, sends the current one meanwhile
        Assert.Equal("first", token.Current); // one renewal at a time
        Assert.Equal(2, fetched);

        release.SetResult();
        for (var i = 0; i < 100 && token.Current != "second"; i++) await Task.Delay(10);
        Assert.Equal("second", token.Current);
        Assert.Equal(2, fetched); // fresh again: no further fetch
    }

    [Fact]
    public async Task A_failed_renewal_keeps_the_current_token_and_is_tried_again()
    {
        var clock = new FakeTimeProvider();
        var fetched = 0;
        var token = await SessionToken.FetchAsync(_ => ++fetched switch
        {
            1 => Task.FromResult<string?>("first"),
            2 => throw new HttpRequestException("identity provider away"),
            _ => Task.FromResult<string?>("third"),
        }, clock, CancellationToken.None);

        clock.Advance(SessionToken.RenewAfter + TimeSpan.FromSeconds(1));
        Assert.Equal("first", token.Current);
        for (var i = 0; i < 100 && fetched < 3; i++) { await Task.Delay(10); _ = token.Current; }
        for (var i = 0; i < 100 && token.Current != "third"; i++) await Task.Delay(10);
        Assert.Equal("third", token.Current);
    }
}
