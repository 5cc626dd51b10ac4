using System.Net;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// A flood of sign-in attempts, each under a name of its own so the throttle never refuses one,
/// is checked a few at a time: what the queue cannot hold is answered at once, the rest in turn.
public sealed class SignInLimiterTests
{
    [Fact]
    public async Task Attempts_past_the_queue_are_answered_busy_and_a_person_signs_in_afterwards()
    {
        // A provider of its own: the flood must not make other tests' sign-ins busy.
        await using var idp = await IdentityProvider.StartAsync();
        var user = await People.AddAsync(idp);
        const int attempts = 3 * (LoginEndpoints.ChecksAtOnce + LoginEndpoints.ChecksWaiting);

        // Every browser has its page (and antiforgery token) first, so the posts go out together.
        var browsers = Enumerable.Range(0, attempts).Select(_ => new Browser(idp.Authority)).ToList();
        try
        {
            var pages = await Task.WhenAll(browsers.Select(b => b.GetAsync(LoginEndpoints.Path)));
            var answers = await Task.WhenAll(browsers.Select((b, i) => b.SubmitAsync(pages[i],
                new Dictionary<string, string> { ["username"] = $"flood-{i}-{Guid.NewGuid():N}", ["password"] = "guess" })));

            Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable }));
            var busy = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(busy);
            Assert.All(busy, a => Assert.Contains(LoginEndpoints.Busy, a.Html));
            // Those in the queue were checked, not dropped.
            Assert.InRange(answers.Count(a => a.Status == HttpStatusCode.Unauthorized), LoginEndpoints.ChecksAtOnce + LoginEndpoints.ChecksWaiting, attempts - 1);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }

        var page = await People.SignInAsync(idp, user.UserName, user.Password);
        Assert.Contains($"Inloggad som {user.UserName}", page.Html);
    }
}
