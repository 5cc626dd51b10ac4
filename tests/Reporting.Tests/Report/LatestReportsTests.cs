using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.Reporting.V1;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.Tests.Report;

/// Reports are kept between calls (LatestReports) until the tenant's read-model version moves:
/// a change shows in GetReport as soon as this process knows of it (its own commit, or another
/// replica's once the database's notification arrives, within milliseconds; docs/architecture.md,
/// "Kept reads"), and only the caller's tenant's report is served to it.
public sealed class LatestReportsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly GetReportRequest Rs = new() { BodyCode = "RS", Period = "2022-T2" };

    [Fact]
    public async Task An_applied_event_shows_in_the_next_GetReport()
    {
        SeededRows rows = null!;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, seeded) => rows = seeded);
        var client = host.Client(tenant);
        var before = await client.GetReportAsync(Rs);
        Assert.Equal((1, 0), (before.Goals.Red, before.Goals.Green));

        var assessed = new GoalStatusAssessed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, rows.Goal.GoalId, rows.Plan.PlanId, ReadModelSeed.August,
            "Green", "Computed", "Green", null, null, DateTimeOffset.UtcNow, 2);
        await host.Bus.Publish(assessed);
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.InboxMessages.AnyAsync(m => m.EventId == assessed.EventId);
        }, "the assessment to be applied");

        // The consumer tells this process after its commit, which the inbox row shows a moment earlier.
        await ReportingHost.Eventually(async () => (await client.GetReportAsync(Rs)).Goals.Green == 1, "the next GetReport to show it", seconds: 15);
        var after = await client.GetReportAsync(Rs);
        Assert.Equal((0, 1), (after.Goals.Red, after.Goals.Green));
    }

    /// Another replica applies events to the same database and tells this process nothing; the
    /// change is written here on a DbContext of its own, as that replica's consumer would. Only the
    /// database's notification of the version's move tells this process.
    [Fact]
    public async Task A_change_applied_by_another_replica_shows_in_GetReport_and_RenderReport_once_notified()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var client = host.Client(tenant);
        Assert.Equal("Regionstyrelsen", (await client.GetReportAsync(Rs)).BodyName);

        await using (var replica = host.Db(tenant))
        {
            (await replica.OrgUnits.SingleAsync(u => u.Code == "RS")).Name = "Regionstyrelsen (ny)";
            await replica.SaveChangesAsync();
        }

        await ReportingHost.Eventually(async () => (await client.GetReportAsync(Rs)).BodyName == "Regionstyrelsen (ny)", "the notification", seconds: 15);
        var rendered = await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
        Assert.Contains("Regionstyrelsen (ny)", rendered.Content);
    }

    /// Calls in flight keep the kept build busy: a change committed by another replica while
    /// others keep calling must still show once notified.
    [Fact]
    public async Task A_change_by_another_replica_shows_in_GetReport_while_other_calls_are_in_flight()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var client = host.Client(tenant);
        using var stop = new CancellationTokenSource();
        var others = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await client.GetReportAsync(Rs);
        })).ToList();
        for (var i = 1; i <= 5; i++)
        {
            await using (var replica = host.Db(tenant))
            {
                (await replica.OrgUnits.SingleAsync(u => u.Code == "RS")).Name = $"Regionstyrelsen {i}";
                await replica.SaveChangesAsync();
            }
            var name = $"Regionstyrelsen {i}";
            await ReportingHost.Eventually(async () => (await client.GetReportAsync(Rs)).BodyName == name, "the notification", seconds: 15);
        }
        await stop.CancelAsync();
        await Task.WhenAll(others);
    }

    /// Without the change listener (start-up, a lost connection) every call reads the version
    /// (shared by the calls in flight, SharedReads), so another replica's change shows in the very next call.
    [Fact]
    public async Task Without_the_listener_a_change_by_another_replica_shows_in_the_very_next_GetReport()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var client = host.Client(tenant);
        var changes = host.Factory.Services.GetRequiredService<DatabaseChanges>();
        Assert.Equal("Regionstyrelsen", (await client.GetReportAsync(Rs)).BodyName);
        changes.Deaf();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                await using (var replica = host.Db(tenant))
                {
                    (await replica.OrgUnits.SingleAsync(u => u.Code == "RS")).Name = $"Regionstyrelsen {i}";
                    await replica.SaveChangesAsync();
                }
                Assert.Equal($"Regionstyrelsen {i}", (await client.GetReportAsync(Rs)).BodyName);
            }
        }
        finally
        {
            changes.Listen();
        }
    }

    /// Both tenants' read models are at the same version with the same body and period: only the
    /// tenant keeps their reports apart.
    [Fact]
    public async Task Tenants_with_the_same_body_period_and_version_each_get_their_own_report()
    {
        var a = await ReadModelSeed.SmallBodyAsync(host, (_, rows) => rows.Body.Name = "Styrelsen i A");
        var b = await ReadModelSeed.SmallBodyAsync(host, (_, rows) => rows.Body.Name = "Styrelsen i B");
        await using (var dbA = host.Db(a))
        await using (var dbB = host.Db(b))
            Assert.Equal(await ReadModelVersion.CurrentAsync(dbA, default), await ReadModelVersion.CurrentAsync(dbB, default));

        Assert.Equal("Styrelsen i A", (await host.Client(a).GetReportAsync(Rs)).BodyName);
        Assert.Equal("Styrelsen i B", (await host.Client(b).GetReportAsync(Rs)).BodyName);
        Assert.Equal("Styrelsen i A", (await host.Client(a).GetReportAsync(Rs)).BodyName);
    }

    [Fact]
    public async Task One_build_is_served_until_the_read_model_version_moves()
    {
        var tenant = await ReadModelSeed.SmallBodyAsync(host);
        var reports = host.Factory.Services.GetRequiredService<LatestReports>();
        await using var db = host.Db(tenant);
        var versionBefore = await ReadModelVersion.CurrentAsync(db, default);

        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var caller = host.Db(tenant);
            return await reports.GetAsync(caller, "RS", ReadModelSeed.August, default);
        }));
        Assert.All(first, r => Assert.Same(first[0], r));

        (await db.Activities.SingleAsync()).Status = "Done";
        await db.SaveChangesAsync();
        Assert.True(await ReadModelVersion.CurrentAsync(db, default) > versionBefore);
        // Written outside this process's consumers: the database's notification tells it.
        await ReportingHost.Eventually(async () => !ReferenceEquals(first[0], await reports.GetAsync(db, "RS", ReadModelSeed.August, default)), "the notification", seconds: 15);
        var second = await reports.GetAsync(db, "RS", ReadModelSeed.August, default);
        Assert.NotSame(first[0], second);
        Assert.NotEqual(first[0].Activities, second.Activities);
    }
}
