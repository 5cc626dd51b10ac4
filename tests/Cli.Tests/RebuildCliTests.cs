extern alias reporting;
using reporting::Region.Reporting.ReadModel;

namespace Region.Cli.Tests;

/// `regionctl rebuild --status --wait` against the reporting service, whose rebuilds are seeded
/// into its database (its sources are not running here); its monitor ends them as in production.
public sealed class RebuildCliTests(BudgetCliHost host, ReportingCliHost reporting) : IClassFixture<BudgetCliHost>, IClassFixture<ReportingCliHost>
{
    Task<CliRun> Run(string tenant, params string[] args) =>
        host.RunWithAsync(_ => reporting.Invoker(), [.. args, "--tenant", tenant]);

    [Fact]
    public async Task Waiting_for_a_rebuild_whose_snapshot_never_arrives_ends_non_zero_naming_the_source()
    {
        var tenant = await RunningRebuildAsync(TimeSpan.FromSeconds(15));

        var run = await Run(tenant, "rebuild", "--status", "--wait", "--timeout", "60");

        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        Assert.Contains("running", run.Out);
        Assert.Contains("failed", run.Out);
        Assert.Contains("Timed out waiting for budget (its snapshot's end marker has not arrived; 0 events received)", run.Out);
    }

    [Fact]
    public async Task Waiting_less_long_than_the_rebuild_takes_exits_with_the_timeout_code()
    {
        var tenant = await RunningRebuildAsync(TimeSpan.FromMinutes(5));

        var run = await Run(tenant, "rebuild", "--status", "--wait", "--timeout", "2");

        Assert.True(run.ExitCode == ExitCodes.TimedOut, run.ToString());
        Assert.Contains("budget", run.Out);
        Assert.Contains("Still running after 2 s", run.Error);
    }

    /// A new tenant with a running rebuild whose budget snapshot was announced but never arrives.
    async Task<string> RunningRebuildAsync(TimeSpan deadline)
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await using var db = reporting.Db(tenant);
        db.Rebuilds.Add(new RebuildRow
        {
            Tenant = tenant, RequestedBy = "test.user", StartedAt = now, Deadline = now + deadline,
            Sources = [new RebuildSourceRow { Source = "budget", Announced = 16 }],
        });
        await db.SaveChangesAsync();
        return tenant;
    }

    [Fact]
    public async Task The_status_of_a_region_never_rebuilt_is_not_found()
    {
        var run = await Run("t" + Guid.NewGuid().ToString("N")[..12], "rebuild", "--status");
        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        Assert.Contains("never been rebuilt", run.Error);
    }
}
