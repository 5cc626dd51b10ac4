using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.Tests.Report;

/// A watched report after a change of goal rows only (a goal's outcome, status, activities) reads
/// those again and keeps the other rows its last build read, for ReportSummaries.KeepOtherRowsFor;
/// any other change, or rows read longer ago, makes it read everything again. The rows are changed
/// in the database here without telling the summaries, so what a summary shows says what it read.
/// Time is a FakeTimeProvider, moved only by the test.
public sealed class KeptOtherRowsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    readonly FakeTimeProvider _clock = new();

    (ReportSummaries Summaries, ReadModelChanges Changes) Summaries()
    {
        var services = host.Factory.Services;
        var committed = services.GetRequiredService<DatabaseChanges>();
        var changes = new ReadModelChanges(committed, NullLogger<ReadModelChanges>.Instance);
        var summaries = new ReportSummaries(services.GetRequiredService<IServiceScopeFactory>(), changes,
            services.GetRequiredService<LatestReports>(), new EventsInFlight(), _clock);
        return (summaries, changes);
    }

    /// The goal turns green and the area's August outcome moves by 5 MSEK, both saved without an event.
    async Task ChangeGoalAndBudgetAsync(string tenant, SeededRows rows)
    {
        await using var db = host.Db(tenant);
        var period = await db.GoalPeriods.SingleAsync(p => p.GoalId == rows.Goal.GoalId);
        (period.Status, period.StatusVersion) = ("Green", 2);
        var outcome = await db.BudgetOutcomes.SingleAsync(o => o.UnitCode == "RST" && o.Month == 8);
        outcome.Amount -= 5_000_000;
        await db.SaveChangesAsync();
    }

    static BudgetYearClosed AnEvent(string tenant) => new(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, 2022);

    [Fact]
    public async Task After_a_change_of_goal_rows_only_the_summary_reads_the_goals_again_and_keeps_the_budget_it_read()
    {
        SeededRows rows = null!;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, seeded) => rows = seeded);
        var (summaries, changes) = Summaries();
        var before = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);
        Assert.Equal((1, 0), (before.Goals.Red, before.Goals.Green));

        await ChangeGoalAndBudgetAsync(tenant, rows);
        changes.Notify(AnEvent(tenant), goalRowsOnly: true);
        var afterGoal = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);
        Assert.Equal((0, 1), (afterGoal.Goals.Red, afterGoal.Goals.Green));
        Assert.Equal(before.Deviation, afterGoal.Deviation);

        // Any other change reads everything: the budget's outcome shows now.
        changes.Notify(AnEvent(tenant));
        var afterOther = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);
        Assert.Equal(before.Deviation - 5_000_000, afterOther.Deviation);
        Assert.Equal(1, afterOther.Goals.Green);
    }

    [Fact]
    public async Task Rows_read_longer_ago_than_the_limit_are_read_again_after_a_change_of_goal_rows()
    {
        SeededRows rows = null!;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, seeded) => rows = seeded);
        var (summaries, changes) = Summaries();
        var before = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);

        await ChangeGoalAndBudgetAsync(tenant, rows);
        _clock.Advance(ReportSummaries.KeepOtherRowsFor);
        changes.Notify(AnEvent(tenant), goalRowsOnly: true);
        var after = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);
        Assert.Equal(1, after.Goals.Green);
        Assert.Equal(before.Deviation - 5_000_000, after.Deviation);
    }

    [Fact]
    public async Task A_summary_that_kept_the_other_rows_does_not_extend_how_long_they_are_kept()
    {
        SeededRows rows = null!;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, seeded) => rows = seeded);
        var (summaries, changes) = Summaries();
        var before = await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default);

        // Half the limit later a goal change keeps the rows; the budget then changes, and at the
        // limit (counted from the first read) the next goal change reads it.
        var half = ReportSummaries.KeepOtherRowsFor / 2;
        _clock.Advance(half);
        changes.Notify(AnEvent(tenant), goalRowsOnly: true);
        Assert.Equal(before.Deviation, (await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default)).Deviation);
        await ChangeGoalAndBudgetAsync(tenant, rows);
        _clock.Advance(ReportSummaries.KeepOtherRowsFor - half);
        changes.Notify(AnEvent(tenant), goalRowsOnly: true);
        Assert.Equal(before.Deviation - 5_000_000, (await summaries.CurrentAsync(tenant, "RS", ReadModelSeed.August, default)).Deviation);
    }

    [Fact]
    public async Task Through_the_bus_a_budget_outcome_after_a_goals_status_shows_in_the_watched_summary()
    {
        SeededRows rows = null!;
        var tenant = await ReadModelSeed.SmallBodyAsync(host, (_, seeded) => rows = seeded);
        using var watch = host.Client(tenant).WatchReport(new() { BodyCode = "RS", Period = "2022-T2" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var before = watch.ResponseStream.Current.Deviation;

        await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, rows.Goal.GoalId, rows.Plan.PlanId,
            ReadModelSeed.August, "Green", "Computed", "Green", null, null, DateTimeOffset.UtcNow, 2));
        while (watch.ResponseStream.Current.Goals.Green == 0) Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(before, watch.ResponseStream.Current.Deviation);

        await host.Bus.Publish(new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, DateTimeOffset.UtcNow, "rst-aug",
            [new BudgetOutcomeLine("RST", 2022, 8, BudgetColumn.PersonnelCosts, -90_000_000)]));
        while (watch.ResponseStream.Current.Deviation == before) Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(before - 5_000_000, watch.ResponseStream.Current.Deviation);
        Assert.Equal(1, watch.ResponseStream.Current.Goals.Green);
    }
}
