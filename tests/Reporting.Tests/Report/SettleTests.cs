using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.Tests.Report;

/// A watched report is built once per burst of changes (a goal's outcome and the status it moves
/// are two events, published together): after a change a stream waits while events of its tenant
/// are being applied in this process (EventsInFlight), at most ReportSummaries.MaxSettle; with none
/// in flight (a lone event) it builds at once. Time here is a FakeTimeProvider moved in steps.
public sealed class SettleTests
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    readonly FakeTimeProvider _clock = new();
    static readonly DatabaseChanges Committed = new();
    readonly ReadModelChanges _changes = new(Committed, NullLogger<ReadModelChanges>.Instance);
    readonly EventsInFlight _inFlight = new();
    readonly ReportSummaries _summaries;

    public SettleTests()
    {
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        _summaries = new ReportSummaries(scopes, _changes, new LatestReports(scopes, _clock, Committed), _inFlight, _clock);
    }

    /// Moves the clock a step at a time, calling `step` with the step's number before each move,
    /// until the settle of tenant "a" ends; returns the time it took. Real time passes between
    /// steps, so the settle sees every change.
    async Task<TimeSpan> SettleWhileAsync(Action<int> step)
    {
        var started = _clock.GetUtcNow();
        var settled = _summaries.SettleAsync("a", default);
        for (var i = 0; i < 100 && !settled.IsCompleted; i++)
        {
            step(i);
            await Task.Delay(20);
            if (settled.IsCompleted) break;
            _clock.Advance(Step);
        }
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        return _clock.GetUtcNow() - started;
    }

    [Fact]
    public async Task With_no_event_of_the_tenant_in_flight_the_settle_ends_at_once()
    {
        _changes.Changed("a");
        var took = await SettleWhileAsync(_ => { });
        Assert.Equal(TimeSpan.Zero, took);
    }

    [Fact]
    public async Task An_event_of_the_tenant_being_applied_holds_the_settle_until_it_ends()
    {
        _inFlight.Began("a");
        var took = await SettleWhileAsync(i => { if (i == 4) _inFlight.Ended("a"); });
        Assert.Equal(4 * Step, took);
        Assert.Equal(0, _inFlight.Count("a"));
    }

    [Fact]
    public async Task Events_that_keep_coming_hold_the_settle_only_until_its_limit()
    {
        _inFlight.Began("a");
        // One ends as the next begins: the tenant always has one in flight.
        var took = await SettleWhileAsync(_ => { _inFlight.Began("a"); _inFlight.Ended("a"); });
        Assert.InRange(took, ReportSummaries.MaxSettle, ReportSummaries.MaxSettle + Step);
    }

    [Fact]
    public async Task Another_tenants_events_do_not_hold_the_settle()
    {
        _inFlight.Began("b");
        var took = await SettleWhileAsync(_ => _inFlight.Began("b"));
        Assert.Equal(TimeSpan.Zero, took);
        Assert.Equal(1, _inFlight.Count("b"));
    }
}
