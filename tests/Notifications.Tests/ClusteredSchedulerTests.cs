using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Region.Notifications.Tests;

/// The Quartz job itself: two scheduler instances on one database (a clustered job store), firing
/// every second at a fixed clock.
public sealed class ClusteredSchedulerTests(TwoSchedulers f) : IClassFixture<TwoSchedulers>
{
    [Fact]
    public async Task Two_scheduler_instances_on_one_database_send_each_owner_one_digest()
    {
        var r = await DemoRegion.SeedAsync(f);

        await NotificationsFixture.Eventually(() => Task.FromResult(f.MailsTo(r.Anna, r.Cecilia).Count >= 2), "the digests of the scheduled run", 60);
        // Several more firings on both instances; none may send again.
        await Task.Delay(4000);

        var anna = Assert.Single(f.MailsTo(r.Anna));
        Assert.Single(f.MailsTo(r.Cecilia));
        Assert.Equal("Påminnelse: rapportering för tertial 2 2022 (per augusti) senast 13 september 2022", anna.Subject);
        Assert.Contains("Rekrytering <snabbare>", anna.TextBody);
        Assert.Contains("Kompetensförsörjning & ledarskap", anna.TextBody);
        await using var db = f.Host.Db(r.Tenant);
        Assert.Equal(2, await db.RemindersSent.CountAsync());
        Assert.Equal(2, await db.Notifications.CountAsync());
        // Both instances checked in to the same cluster.
        await using var connection = new NpgsqlConnection(f.Host.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'notifications'", connection);
        Assert.Equal(2L, (long)(await count.ExecuteScalarAsync())!);
    }
}
