using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Inbox;

namespace Region.Reporting.Tests.ReadModel;

/// Many deliveries for one row at once, on real PostgreSQL: each write is one statement, so they
/// wait for each other and the newest state wins, with no unique violation or lost update for the
/// bus to retry (a retry is a failed attempt: here a thrown exception or a failed command).
public sealed class ConcurrentDeliveriesTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_writes_of_one_row_all_succeed_and_leave_the_newest_version()
    {
        var tenant = ReportingHost.NewTenant();
        var goalId = Guid.NewGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Shuffled(Enumerable.Range(1, 40)).Select(version => Task.Run(async () =>
        {
            await using var db = host.Db(tenant);
            await gate.Task;
            await db.ApplyOnceAsync(Guid.NewGuid(), "test", ct => db.Goals.UpsertAsync(g => g.GoalId == goalId,
                () => new GoalRow { GoalId = goalId }, version, g => g.Name = "version " + version, ct), default);
        })).ToList();

        gate.SetResult();
        await Task.WhenAll(writes); // any attempt that failed would throw here

        await using var read = host.Db(tenant);
        var row = await read.Goals.SingleAsync();
        Assert.Equal((40, "version 40"), (row.Version, row.Name));
        Assert.True(await ReadModelVersion.CurrentAsync(read, default) > 0);
    }

    [Fact]
    public async Task A_write_moves_the_tenants_read_model_version_and_an_ignored_one_does_not()
    {
        var tenant = ReportingHost.NewTenant();
        var goalId = Guid.NewGuid();
        async Task<long> WriteAndReadVersion(int version)
        {
            await using var db = host.Db(tenant);
            await db.ApplyOnceAsync(Guid.NewGuid(), "test", ct => db.Goals.UpsertAsync(g => g.GoalId == goalId,
                () => new GoalRow { GoalId = goalId }, version, g => g.Name = "v" + version, ct), default);
            return await ReadModelVersion.CurrentAsync(db, default);
        }

        var first = await WriteAndReadVersion(2);
        Assert.Equal(first, await WriteAndReadVersion(1));
        Assert.True(await WriteAndReadVersion(3) > first);
    }

    [Fact]
    public async Task A_write_outside_a_transaction_is_refused()
    {
        await using var db = host.Db(ReportingHost.NewTenant());
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Goals.UpsertAsync(g => g.GoalId == Guid.Empty, () => new GoalRow(), 1, _ => { }, default));
    }

    [Fact]
    public async Task A_live_tenant_and_its_rebuilds_shadow_write_the_same_key_at_once_without_touching_each_other()
    {
        var tenant = ReportingHost.NewTenant();
        var other = ShadowModel.KeyOf(tenant);
        var goalId = Guid.NewGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Shuffled(Enumerable.Range(1, 20).SelectMany(v => new[] { (tenant, v), (other, v + 100) })).Select(w => Task.Run(async () =>
        {
            await using var db = host.Db(w.Item1);
            await gate.Task;
            await db.ApplyOnceAsync(Guid.NewGuid(), "test", ct => db.Goals.UpsertAsync(g => g.GoalId == goalId,
                () => new GoalRow { GoalId = goalId }, w.Item2, g => g.Name = w.Item1, ct), default);
        })).ToList();

        gate.SetResult();
        await Task.WhenAll(writes);

        await using (var live = host.Db(tenant))
            Assert.Equal((20, tenant), (await live.Goals.Select(g => g.Version).SingleAsync(), (await live.Goals.SingleAsync()).Name));
        await using (var shadow = host.Db(other))
            Assert.Equal((120, other), (await shadow.Goals.Select(g => g.Version).SingleAsync(), (await shadow.Goals.SingleAsync()).Name));
    }

    [Fact]
    public async Task Statuses_outcomes_and_outcome_batches_for_one_key_delivered_at_once_end_newest_without_a_failed_command()
    {
        var tenant = ReportingHost.NewTenant();
        var (goalId, planId, period) = (Guid.NewGuid(), Guid.NewGuid(), Period.Tertial(2022, 2));
        var events = new List<object>();
        for (var v = 1; v <= 20; v++)
        {
            events.Add(new GoalStatusAssessed(Guid.NewGuid(), tenant, At, goalId, planId, period, "Red", "Manual", "Red", "analys " + v, "controller", At, v));
            events.Add(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, At, goalId, planId, period, new OutcomeValues(v, null, null), null, null, "controller", At, v));
            // Each batch covers the same months; the one recorded last holds its index in every line.
            events.Add(new BudgetOutcomeRecorded(Guid.NewGuid(), tenant, At.AddMinutes(v), "batch " + v, Enumerable.Range(1, 12)
                .SelectMany(month => new[] { new BudgetOutcomeLine("RST", 2022, month, BudgetColumn.PersonnelCosts, -v), new BudgetOutcomeLine("HR", 2022, month, BudgetColumn.ExternalRevenue, v) })
                .ToList()));
        }
        using var failures = FailedCommandsOn(host.DatabaseName);

        await Task.WhenAll(Shuffled(events).Select(e => host.Bus.Publish(e)));

        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            var row = await db.GoalPeriods.SingleOrDefaultAsync();
            var outcomes = await db.BudgetOutcomes.ToListAsync();
            return row is { StatusVersion: 20, OutcomeVersion: 20 } && outcomes.Count == 24 && outcomes.All(o => Math.Abs(o.Amount) == 20);
        }, "the newest status, outcome and outcome batch");
        await using (var db = host.Db(tenant))
        {
            var row = await db.GoalPeriods.SingleAsync();
            Assert.Equal(("analys 20", 20m), (row.Analysis, row.OutcomeTotal));
        }
        Assert.Empty(failures.Messages);
    }

    static List<T> Shuffled<T>(IEnumerable<T> items) => items.OrderBy(_ => Random.Shared.Next()).ToList();

    /// Every command or save that fails on <paramref name="database"/> while it is held: the
    /// attempts the bus would retry. EF Core reports them to its DiagnosticListener.
    static FailedCommands FailedCommandsOn(string database) => new(database);

    sealed class FailedCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        readonly string _database;
        readonly List<IDisposable> _subscriptions = [];
        readonly Lock _gate = new();

        public List<string> Messages { get; } = [];

        public FailedCommands(string database)
        {
            _database = database;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_gate) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            var failed = e.Value switch
            {
                CommandErrorEventData error when DatabaseOf(error.Command.Connection) == _database => error.Exception.Message,
                DbContextErrorEventData error when error.Context is { } context && DatabaseOf(context.Database.GetDbConnection()) == _database
                    => error.Exception.Message,
                _ => null,
            };
            if (failed is not null)
                lock (_gate) Messages.Add(failed);
        }

        static string? DatabaseOf(DbConnection? connection) => connection?.Database;

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_gate) foreach (var subscription in _subscriptions) subscription.Dispose();
        }
    }
}
