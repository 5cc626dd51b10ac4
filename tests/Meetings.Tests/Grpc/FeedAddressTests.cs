using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Meetings.V1;
using Region.ServiceDefaults.Auth;
using static Region.Meetings.Tests.Grpc.Sample;
using static Region.TestSupport.Rpc;

namespace Region.Meetings.Tests.Grpc;

/// A calendar's secret feed address: calendar apps read the calendar with it and no token; it
/// opens that calendar only, of that tenant only; revoked or made up, it is 404 like any unknown
/// address; the service keeps only the secret's hash.
public sealed class FeedAddressTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    [Fact]
    public async Task The_feed_address_serves_the_calendar_without_a_token()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant, "Anna Admin");
        await client.ImportCalendarAsync(Calendar());

        var created = await client.CreateCalendarFeedAsync(new() { BodyCode = "rs", Year = 2022, Label = "Outlook, kansliet" });
        var response = await host.HttpClient().GetAsync(created.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var export = await client.ExportCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(export.Ics, await response.Content.ReadAsStringAsync());
        Assert.Equal($"/v1/feeds/{created.Secret}/calendar.ics", created.Path);
        Assert.Equal(43, created.Secret.Length);
        Assert.Equal(("RS", 2022, "Outlook, kansliet", "Anna Admin", false), (created.Feed.BodyCode, created.Feed.Year, created.Feed.Label, created.Feed.CreatedBy, created.Feed.RevokedAt is not null));
    }

    [Fact]
    public async Task Each_secret_serves_its_own_calendar_of_its_own_tenant_only()
    {
        var (a, b) = (NewTenant(), NewTenant());
        var rsOfA = Calendar();
        rsOfA.Name = "Regionstyrelsen A";
        var hsnOfA = Calendar("HSN");
        hsnOfA.Name = "Hälso- och sjukvårdsnämnden A";
        var rsOfB = Calendar();
        rsOfB.Name = "Regionstyrelsen B";
        await host.Client(a).ImportCalendarAsync(rsOfA);
        await host.Client(a).ImportCalendarAsync(hsnOfA);
        await host.Client(b).ImportCalendarAsync(rsOfB);

        var feeds = new Dictionary<string, string>
        {
            ["Regionstyrelsen A"] = (await host.Client(a).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 })).Path,
            ["Hälso- och sjukvårdsnämnden A"] = (await host.Client(a).CreateCalendarFeedAsync(new() { BodyCode = "HSN", Year = 2022 })).Path,
            ["Regionstyrelsen B"] = (await host.Client(b).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 })).Path,
        };

        foreach (var (name, path) in feeds)
        {
            var ics = await host.HttpClient().GetStringAsync(path);
            Assert.Equal([name], feeds.Keys.Where(n => ics.Contains(n, StringComparison.Ordinal)));
        }
        Assert.Equal(3, feeds.Values.Distinct().Count());
    }

    [Fact]
    public async Task A_revoked_made_up_or_malformed_secret_is_404_alike_and_the_token_address_is_unchanged()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.ImportCalendarAsync(Calendar());
        var revoked = await client.CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });
        var kept = await client.CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });
        var http = host.HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(revoked.Path)).StatusCode);

        var answer = await client.RevokeCalendarFeedAsync(new() { Id = revoked.Feed.Id });
        var again = await client.RevokeCalendarFeedAsync(new() { Id = revoked.Feed.Id });

        Assert.Equal(answer.RevokedAt, again.RevokedAt);
        var madeUp = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var refusals = new List<(HttpStatusCode, string)>();
        foreach (var path in new[] { revoked.Path, $"/v1/feeds/{madeUp}/calendar.ics", "/v1/feeds/nope/calendar.ics", $"/v1/feeds/{revoked.Secret}x/calendar.ics" })
        {
            var response = await http.GetAsync(path);
            refusals.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
        Assert.All(refusals, r => Assert.Equal((HttpStatusCode.NotFound, ""), r));
        // The other address of the calendar still works; a token is still needed on the calendar's own address.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(kept.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/calendars/RS/2022/calendar.ics")).StatusCode);
    }

    [Fact]
    public async Task The_secret_is_stored_only_as_its_hash_and_never_listed()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.ImportCalendarAsync(Calendar());
        var created = await client.CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022, Label = "Google" });

        await using (var db = host.Db(tenant))
        {
            var stored = await db.FeedAddresses.SingleAsync();
            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(created.Secret)), stored.SecretHash);
        }
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var dump = new NpgsqlCommand("SELECT string_agg(row_to_json(a)::text, '') FROM calendar_feed_addresses a", connection);
        var everything = (string)(await dump.ExecuteScalarAsync())!;
        Assert.DoesNotContain(created.Secret, everything);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.ASCII.GetBytes(created.Secret)), everything, StringComparison.OrdinalIgnoreCase);

        var listed = await client.ListCalendarFeedsAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(created.Feed, Assert.Single(listed.Feeds));
        Assert.DoesNotContain(created.Secret, listed.ToString());
    }

    [Fact]
    public async Task Feed_addresses_are_checked_like_every_request_and_need_a_planner_or_admin()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        await client.ImportCalendarAsync(Calendar());
        var before = (await host.RowCountsAsync(tenant), await host.FeedCountsAsync(tenant));

        await InvalidArgument(() => client.CreateCalendarFeedAsync(new() { BodyCode = "R;S", Year = 1999, Label = new string('l', 101) }).ResponseAsync, "body_code", "year", "label");
        await InvalidArgument(() => client.RevokeCalendarFeedAsync(new() { Id = "nope" }).ResponseAsync, "id");
        await FailsWith(StatusCode.NotFound, () => client.CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2023 }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.RevokeCalendarFeedAsync(new() { Id = Guid.NewGuid().ToString() }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => host.Client(tenant, [RegionRoles.Reader], null).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        // Another tenant's feed is not there to revoke.
        var other = NewTenant();
        await host.Client(other).ImportCalendarAsync(Calendar());
        var theirs = await host.Client(other).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });
        await FailsWith(StatusCode.NotFound, () => client.RevokeCalendarFeedAsync(new() { Id = theirs.Feed.Id }).ResponseAsync);

        Assert.Equal(before, (await host.RowCountsAsync(tenant), await host.FeedCountsAsync(tenant)));
        Assert.Equal(HttpStatusCode.OK, (await host.HttpClient().GetAsync(theirs.Path)).StatusCode);
    }
}
