using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Region.ServiceDefaults.Data;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// Kept reads trust the database's notifications (ChangeListener) while it is connected; when it
/// is not, every read checks the database, and after reconnecting nothing kept from before counts.
public sealed class ChangeNotificationTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private DatabaseChanges Changes => host.Factory.Services.GetRequiredService<DatabaseChanges>();

    [Fact]
    public async Task Without_the_listener_a_change_by_another_instance_shows_in_the_very_next_read()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await Notified.WaitUntilAsync(() => Changes.Listening);
        Assert.Equal("RD", (await client.GetUnitAsync(new() { Code = "RD" })).Code);
        var frame = await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 });
        var listed = await client.ListBudgetFramesAsync(new() { UnitCode = "RS-TJM", Year = 2022 });

        Changes.Deaf();
        try
        {
            await using (var other = host.Db(tenant))
            {
                (await other.Units.SingleAsync(u => u.Code == "RD")).Rename("Regiondirektörens stab");
                var vv = await other.Units.SingleAsync(u => u.Code == "VV");
                var kept = await other.Frames.Include(f => f.Entries).SingleAsync(f => f.UnitId == vv.Id && f.Year == 2022);
                other.Ledger.Add(kept.Adjust(Region.Budget.Domain.AdjustmentKind.Other, new Contracts.Budget.FrameAmounts(0, 0, 0, 0, -3, 0, 0), "Från en annan instans", null, "other.user", DateTimeOffset.UtcNow));
                await other.SaveChangesAsync();
            }

            Assert.Equal("Regiondirektörens stab", (await client.GetUnitAsync(new() { Code = "RD" })).Name);
            Assert.Equal(frame.Current.Net - 3, (await client.GetFrameAsync(new() { UnitCode = "VV", Year = 2022 })).Current.Net);
            Assert.Equal(listed.Total.Net - 3, (await client.ListBudgetFramesAsync(new() { UnitCode = "RS-TJM", Year = 2022 })).Total.Net);
        }
        finally
        {
            Changes.Listen();
        }
    }

    /// The listener's connection is cut (as a failover or a restarted database would): it
    /// reconnects, and a change committed while it was away shows although its notification was lost.
    [Fact]
    public async Task After_the_listener_lost_its_connection_a_change_made_meanwhile_shows()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        await Notified.WaitUntilAsync(() => Changes.Listening);
        Assert.Equal("Regiondirektör", (await client.GetUnitAsync(new() { Code = "RD" })).Name);

        await using (var admin = new NpgsqlConnection(host.ConnectionString))
        {
            await admin.OpenAsync();
            await using var cut = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", admin);
            cut.Parameters.AddWithValue("name", ChangeListener.ApplicationName);
            Assert.Equal(1L, await cut.ExecuteScalarAsync());
        }
        await using (var other = host.Db(tenant))
        {
            (await other.Units.SingleAsync(u => u.Code == "RD")).Rename("Regiondirektörens stab");
            await other.SaveChangesAsync();
        }

        var read = await Notified.ReadUntilAsync(() => client.GetUnitAsync(new() { Code = "RD" }).ResponseAsync, u => u.Name != "Regiondirektör");
        Assert.Equal("Regiondirektörens stab", read.Name);
        await Notified.WaitUntilAsync(() => Changes.Listening);
    }
}

/// Waits for what the database's notifications bring, which arrive within milliseconds; the
/// generous limit only keeps a loaded test machine from failing a test that is right.
public static class Notified
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// Reads until the answer satisfies `arrived` (or the limit passes: then the last answer, for the test to fail on).
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> arrived)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var answer = await read();
            if (arrived(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(20);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The change listener did not connect.");
            await Task.Delay(20);
        }
    }
}
