using Microsoft.EntityFrameworkCore;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.ReadModel;

/// The tenant's read-model version as a sum of slots, on real PostgreSQL.
public sealed class ReadModelVersionTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    [Fact]
    public async Task A_change_commits_while_another_change_of_the_tenant_is_open_and_the_version_counts_both()
    {
        var tenant = ReportingHost.NewTenant();
        await using var first = host.Db(tenant);
        await using var second = host.Db(tenant);
        await using var read = host.Db(tenant);
        var before = await ReadModelVersion.CurrentAsync(read, default);

        await using var open = await first.Database.BeginTransactionAsync();
        await ReadModelVersion.BumpAsync(first, tenant, default);
        await using (var other = await second.Database.BeginTransactionAsync())
        {
            // With one version row per tenant this bump waits for the open change's commit: here it
            // would fail on the lock timeout instead of waiting for ever.
            await second.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '10s'");
            await ReadModelVersion.BumpAsync(second, tenant, default);
            await other.CommitAsync();
        }
        Assert.Equal(before + 1, await ReadModelVersion.CurrentAsync(read, default));

        await open.CommitAsync();
        Assert.Equal(before + 2, await ReadModelVersion.CurrentAsync(read, default));
    }
}
