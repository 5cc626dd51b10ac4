using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Region.Identity.Accounts;
using Region.Identity.Data;
using Region.Identity.Endpoints;
using Region.TestSupport;

namespace Region.Identity.Tests;

/// Five failures for one name within the window refuse it, counted in the database: across
/// replicas, for names no account has alike, under a key that is not the typed name.
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task After_five_failures_a_name_is_refused_even_with_its_password_and_other_names_are_not()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var other = await People.AddAsync(idp);
        for (var i = 0; i < SignInThrottle.FailuresPerName; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await People.SignInAsync(idp, user.UserName, "wrong " + i)).Status);

        // Refused before the password is checked, under any spelling of the name.
        foreach (var name in new[] { user.UserName, " " + user.UserName.ToUpperInvariant() })
        {
            var refused = await People.SignInAsync(idp, name, user.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Contains(LoginEndpoints.Throttled, refused.Html);
            Assert.DoesNotContain("Inloggad som", refused.Html);
        }
        var page = await People.SignInAsync(idp, other.UserName, other.Password);
        Assert.Contains($"Inloggad som {other.UserName}", page.Html);
        Assert.Equal(2, idp.SignInTrail.Count(l => l.Message == $"Sign-in: refused for {user.UserName} from 127.0.0.1, too many failures"));
    }

    [Fact]
    public async Task Failures_on_two_replicas_count_together_for_an_account_and_for_a_name_no_account_has_alike_and_a_burst_gets_no_more()
    {
        await using var first = await IdentityProvider.StartAsync();
        await using var second = await IdentityProvider.StartAsync(first.Database, new Dictionary<string, string?> { ["Identity:Issuer"] = first.Issuer });
        IdentityProvider[] replicas = [first, second];
        var user = await People.AddAsync(first);
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        foreach (var (name, password) in new[] { (user.UserName, user.Password), (nobody, "anything") })
        {
            // Alternately, as a load balancer sends them: neither replica sees five failures itself.
            for (var i = 0; i < SignInThrottle.FailuresPerName; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await People.SignInAsync(replicas[i % 2], name, "wrong " + i)).Status);
            foreach (var replica in replicas)
                Assert.Equal(HttpStatusCode.TooManyRequests, (await People.SignInAsync(replica, name, password)).Status);
        }

        // Twelve guesses sent at once to both: however they interleave, at most five are checked.
        var other = await People.AddAsync(first);
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => People.SignInAsync(replicas[i % 2], other.UserName, "wrong " + i)));
        Assert.All(burst, page => Assert.Contains(page.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        var checkedGuesses = burst.Count(page => page.Status == HttpStatusCode.Unauthorized);
        Assert.InRange(checkedGuesses, 0, SignInThrottle.FailuresPerName);
        // One by one after it, until refused: five checked in all.
        for (var i = 0; i <= SignInThrottle.FailuresPerName && (await People.SignInAsync(first, other.UserName, "wrong again")).Status == HttpStatusCode.Unauthorized; i++)
            checkedGuesses++;
        Assert.Equal(SignInThrottle.FailuresPerName, checkedGuesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await People.SignInAsync(second, other.UserName, other.Password)).Status);
    }

    [Fact]
    public async Task The_count_keeps_a_key_of_the_typed_name_and_forgets_and_deletes_failures_older_than_the_window()
    {
        var idp = await IdentityProvider.SharedAsync();
        var user = await People.AddAsync(idp);
        var typedAsName = "Typed-As-A-Name-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Unauthorized, (await People.SignInAsync(idp, typedAsName, "anything")).Status);

        await using var db = new IdentityDb(new DbContextOptionsBuilder<IdentityDb>().UseNpgsql(idp.Database.ConnectionString).Options);
        var issuer = new Uri(idp.Issuer);
        var key = SignInThrottle.Key(UserDirectory.Normalize(typedAsName), issuer);
        Assert.Equal(1, await db.SignInFailures.CountAsync(f => f.NameKey == key));
        // Nothing in the table is the typed text, in any spelling or as its bytes.
        var rows = await db.Database.SqlQueryRaw<string>("SELECT f::text AS \"Value\" FROM sign_in_failures f").ToListAsync();
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(UserDirectory.Normalize(typedAsName)));
        Assert.DoesNotContain(rows, r => r.Contains(typedAsName, StringComparison.OrdinalIgnoreCase) || r.Contains(hex, StringComparison.OrdinalIgnoreCase));

        // Five failures just out of the window: the right password gets through.
        var old = DateTimeOffset.UtcNow - SignInThrottle.Window - TimeSpan.FromMinutes(1);
        var userKey = SignInThrottle.Key(UserDirectory.Normalize(user.UserName), issuer);
        db.SignInFailures.AddRange(Enumerable.Range(0, SignInThrottle.FailuresPerName).Select(_ => new SignInFailure { NameKey = userKey, At = old }));
        await db.SaveChangesAsync();
        Assert.Contains($"Inloggad som {user.UserName}", (await People.SignInAsync(idp, user.UserName, user.Password)).Html);
        // The next failure, for any name, deletes them.
        await People.SignInAsync(idp, typedAsName, "anything");
        Assert.Equal(0, await db.SignInFailures.CountAsync(f => f.NameKey == userKey));
        Assert.Equal(2, await db.SignInFailures.CountAsync(f => f.NameKey == key));
    }
}
