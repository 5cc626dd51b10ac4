using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.Tests.Report;

/// A watched report is built once per burst of changes (a goal's outcome and the status it moves
/// are two events): after a change a stream waits until its tenant's model is quiet for
/// ReportSummaries.Settle, at most MaxSettle. Time here is a FakeTimeProvider moved in steps.
public sealed class SettleTests
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    readonly FakeTimeProvider _clock = new();
    static readonly DatabaseChanges Committed = new();
    readonly ReadModelChanges _changes = new(Committed, NullLogger<ReadModelChanges>.Instance);
    readonly ReportSummaries _summaries;

    public SettleTests()
    {
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        _summaries = new ReportSummaries(scopes, _changes, new LatestReports(scopes, _clock, Committed), _clock);
    }

    /// Moves the clock a step at a time (a change of `changing` with each) until the settle ends;
    /// returns the time it took. Real time passes between steps, so the settle sees every change.
    async Task<TimeSpan> SettleWhileAsync(string? changing)
    {
        var started = _clock.GetUtcNow();
        var settled = _summaries.SettleAsync("a", default);
        for (var i = 0; i < 100 && !settled.IsCompleted; i++)
        {
            await Task.Delay(20);
            _clock.Advance(Step);
            if (changing is not null) _changes.Changed(changing);
        }
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        return _clock.GetUtcNow() - started;
    }

    [Fact]
    public async Task Without_changes_the_settle_ends_after_the_quiet_time()
    {
        var took = await SettleWhileAsync(changing: null);
        Assert.InRange(took, ReportSummaries.Settle, ReportSummaries.Settle + 2 * Step);
    }

    [Fact]
    public async Task Changes_of_the_tenant_keep_the_settle_going_until_its_limit()
    {
        var took = await SettleWhileAsync(changing: "a");
        Assert.InRange(took, ReportSummaries.MaxSettle, ReportSummaries.MaxSettle + 2 * Step);
    }

    [Fact]
    public async Task Another_tenants_changes_do_not_hold_the_settle()
    {
        var took = await SettleWhileAsync(changing: "b");
        Assert.InRange(took, ReportSummaries.Settle, ReportSummaries.Settle + 2 * Step);
    }
}
