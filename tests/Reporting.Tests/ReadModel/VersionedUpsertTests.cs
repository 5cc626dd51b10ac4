using Microsoft.EntityFrameworkCore;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Inbox;

namespace Region.Reporting.Tests.ReadModel;

/// The read model's one write rule on real PostgreSQL, each write in its own unit of work as a
/// consumer makes it (the inbox's transaction): a newer version replaces the row, an older or equal
/// one is ignored.
public sealed class VersionedUpsertTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task A_newer_version_replaces_the_row_and_an_older_or_equal_one_is_ignored()
    {
        var tenant = ReportingHost.NewTenant();
        var goalId = Guid.NewGuid();
        async Task<bool> Write(int version, string name)
        {
            await using var db = host.Db(tenant);
            var applied = false;
            await db.ApplyOnceAsync(Guid.NewGuid(), "test", async ct =>
                applied = await db.Goals.UpsertAsync(g => g.GoalId == goalId, () => new GoalRow { GoalId = goalId }, version, g => g.Name = name, ct), default);
            return applied;
        }
        async Task<(string, int)> Stored()
        {
            await using var db = host.Db(tenant);
            var row = await db.Goals.SingleAsync();
            return (row.Name, row.Version);
        }

        Assert.True(await Write(2, "Andra"));
        Assert.False(await Write(1, "Första, sent"));
        Assert.False(await Write(2, "Andra, igen"));
        Assert.Equal(("Andra", 2), await Stored());
        Assert.True(await Write(3, "Tredje"));
        Assert.Equal(("Tredje", 3), await Stored());
    }

    [Fact]
    public async Task A_row_that_never_changes_is_added_once()
    {
        var tenant = ReportingHost.NewTenant();
        var entryId = Guid.NewGuid();
        for (var delivery = 1; delivery <= 2; delivery++)
        {
            await using var db = host.Db(tenant);
            await db.ApplyOnceAsync(Guid.NewGuid(), "test", ct => db.Ledger.AddOnceAsync(l => l.EntryId == entryId, () => new LedgerRow
            {
                EntryId = entryId, UnitCode = "HR", Year = 2022, Kind = "Prioritisation", Change = 8_200_000 * delivery,
                Reason = "Studiebidrag", CaseNumber = "RS/775/2020",
            }, ct), default);
        }
        await using var read = host.Db(tenant);
        Assert.Equal(8_200_000, (await read.Ledger.SingleAsync()).Change);
    }

    [Fact]
    public void Only_a_later_time_is_newer()
    {
        var recorded = new DateTimeOffset(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
        Assert.True(VersionedUpsert.IsNewer(recorded.AddSeconds(1), recorded));
        Assert.False(VersionedUpsert.IsNewer(recorded, recorded));
        Assert.False(VersionedUpsert.IsNewer(recorded.AddDays(-1), recorded));
    }
}
