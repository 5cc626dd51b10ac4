using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.Events;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;

namespace Region.Reporting.Tests.ReadModel;

/// Events of one tenant received together are applied in one transaction (ReadModelGroups), on
/// real PostgreSQL: what arrives while every place is taken is the next group; a duplicate is not
/// applied twice; its rows are written together, each kind in one statement, leaving each row in its
/// newest state; a group with one failing
/// event (in its consumer or in the database) applies none of them, so each goes alone; tenants do
/// not wait for each other.
public sealed class ReadModelGroupsTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
    const string Consumer = nameof(ReadModelGroupsTests);

    ReadModelGroups Groups => host.Factory.Services.GetRequiredService<ReadModelGroups>();

    static BudgetForecastRecorded Forecast(string tenant, string unit) => new(Guid.NewGuid(), tenant, At, unit, 2022, -1_000, "prognos", 1);

    static Task WriteAsync(ReportingDb db, BudgetForecastRecorded e, CancellationToken ct) => db.Forecasts.UpsertAsync(
        f => f.UnitCode == e.UnitCode && f.Year == e.Year, () => new ForecastRow { UnitCode = e.UnitCode, Year = e.Year }, e.Version,
        f => f.Net = e.Net, ct);

    /// MaxLeaders groups of one event each, held open inside their transactions until released.
    sealed record HeldGroups(List<BudgetForecastRecorded> Events, List<Task<ReadModelGroups.Outcome>> Outcomes, TaskCompletionSource Release);

    Task<HeldGroups> HoldAllPlacesAsync(string tenant, List<ReportingDb>? contexts = null) => HoldAllPlacesAsync(Groups, tenant, contexts);

    static async Task<HeldGroups> HoldAllPlacesAsync(ReadModelGroups groups, string tenant, List<ReportingDb>? contexts = null, string units = "H")
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = Enumerable.Range(0, ReadModelGroups.MaxLeaders).Select(i => Forecast(tenant, units + i)).ToList();
        var started = events.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var outcomes = events.Select((e, i) => groups.ApplyAsync(e, Consumer, async (db, ct) =>
        {
            if (contexts is not null) lock (contexts) contexts.Add(db);
            started[i].SetResult();
            await release.Task;
            await WriteAsync(db, e, ct);
        }, default)).ToList();
        await Task.WhenAll(started.Select(s => s.Task));
        return new(events, outcomes, release);
    }

    [Fact]
    public async Task Events_arriving_while_every_place_is_taken_are_applied_together_in_one_group()
    {
        var tenant = ReportingHost.NewTenant();
        var contexts = new List<ReportingDb>();
        var held = await HoldAllPlacesAsync(tenant, contexts);

        // Queued synchronously by each call, while the held groups keep their transactions open.
        var events = Enumerable.Range(1, 10).Select(i => Forecast(tenant, "U" + i)).ToList();
        var grouped = new List<ReportingDb>();
        var waiting = events.Select(e => Groups.ApplyAsync(e, Consumer, async (db, ct) =>
        {
            lock (grouped) grouped.Add(db);
            await WriteAsync(db, e, ct);
        }, default)).ToList();
        held.Release.SetResult();

        Assert.All(await Task.WhenAll(held.Outcomes.Concat(waiting)), o => Assert.Equal(ReadModelGroups.Outcome.Applied, o));
        Assert.Equal(contexts.Count, contexts.Distinct().Count()); // each held event its own group
        Assert.Single(grouped.Distinct());
        await using var read = host.Db(tenant);
        Assert.Equal(ReadModelGroups.MaxLeaders + 10, await read.Forecasts.CountAsync());
        var ids = events.Concat(held.Events).Select(e => e.EventId).ToList();
        Assert.Equal(ids.Count, await read.InboxMessages.CountAsync(m => ids.Contains(m.EventId) && m.Consumer == Consumer));
        // One version step per group, not per event.
        Assert.Equal(ReadModelGroups.MaxLeaders + 1, await ReadModelVersion.CurrentAsync(read, default));

        // Delivered again: recorded, so not applied again.
        Assert.Equal(ReadModelGroups.Outcome.Duplicate,
            await Groups.ApplyAsync(events[0], Consumer, (_, _) => throw new InvalidOperationException("applied twice"), default));
    }

    [Fact]
    public async Task A_group_with_a_failing_event_applies_none_and_sends_each_alone()
    {
        var tenant = ReportingHost.NewTenant();
        var held = await HoldAllPlacesAsync(tenant);

        var good = Enumerable.Range(1, 3).Select(i => Forecast(tenant, "U" + i)).ToList();
        var bad = Forecast(tenant, "BAD");
        var outcomes = good.Select(e => Groups.ApplyAsync(e, Consumer, (db, ct) => WriteAsync(db, e, ct), default))
            .Append(Groups.ApplyAsync(bad, Consumer, (_, _) => throw new InvalidOperationException("a bad event"), default))
            .ToList();
        held.Release.SetResult();

        Assert.All(await Task.WhenAll(held.Outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Applied, o));
        Assert.All(await Task.WhenAll(outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Alone, o));
        await using var read = host.Db(tenant);
        // Only the held groups' events: the failing group rolled back whole, its inbox rows too.
        Assert.Equal(ReadModelGroups.MaxLeaders, await read.Forecasts.CountAsync());
        Assert.False(await read.Forecasts.AnyAsync(f => f.UnitCode.StartsWith("U") || f.UnitCode == "BAD"));
        var ids = good.Append(bad).Select(e => e.EventId).ToList();
        Assert.False(await read.InboxMessages.AnyAsync(m => ids.Contains(m.EventId)));
    }

    [Fact]
    public async Task A_group_leaves_each_row_in_its_newest_state_whatever_order_its_events_came_in()
    {
        var tenant = ReportingHost.NewTenant();
        var held = await HoldAllPlacesAsync(tenant);

        // Several states of one row in one group, as the statements run one by one would leave them:
        // the newer first (the older must not overwrite it), the older first (the newer replaces
        // it), two of one version (the first stays: an equal version is not newer).
        var events = new[]
        {
            Forecast(tenant, "U1") with { Net = -2_000, Version = 2 },
            Forecast(tenant, "U1") with { Net = -1_000, Version = 1 },
            Forecast(tenant, "U2") with { Net = -3_000, Version = 1 },
            Forecast(tenant, "U3") with { Net = -4_000, Version = 1 },
            Forecast(tenant, "U3") with { Net = -5_000, Version = 3 },
            Forecast(tenant, "U3") with { Net = -6_000, Version = 2 },
            Forecast(tenant, "U4") with { Net = -7_000, Version = 1 },
            Forecast(tenant, "U4") with { Net = -8_000, Version = 1 },
        };
        var outcomes = events.Select(e => Groups.ApplyAsync(e, Consumer, (db, ct) => WriteAsync(db, e, ct), default)).ToList();
        held.Release.SetResult();

        Assert.All(await Task.WhenAll(outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Applied, o));
        await using var read = host.Db(tenant);
        var rows = await read.Forecasts.Where(f => f.UnitCode.StartsWith("U")).OrderBy(f => f.UnitCode).ToListAsync();
        Assert.Equal([("U1", -2_000L, 2), ("U2", -3_000L, 1), ("U3", -5_000L, 3), ("U4", -7_000L, 1)],
            rows.Select(f => (f.UnitCode, f.Net, f.Version)));
    }

    [Fact]
    public async Task A_group_writes_the_rows_of_one_kind_in_one_statement()
    {
        var tenant = ReportingHost.NewTenant();
        var statements = new ConcurrentQueue<Activity>();
        using var source = new ActivitySource(nameof(ReadModelGroupsTests));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or nameof(ReadModelGroupsTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = statements.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var held = await HoldAllPlacesAsync(tenant);

        // The events' group runs in this trace; other tests' statements are in theirs.
        using var test = source.StartActivity("twelve events")!;
        var events = Enumerable.Range(1, 12).Select(i => Forecast(tenant, "U" + i)).ToList();
        var outcomes = events.Select(e => Groups.ApplyAsync(e, Consumer, (db, ct) => WriteAsync(db, e, ct), default)).ToList();
        held.Release.SetResult();
        Assert.All(await Task.WhenAll(outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Applied, o));

        // The group's rows and its version's move: one round trip, one INSERT for the twelve rows.
        var rows = Assert.Single(statements, a => a.Source.Name == "Npgsql" && a.TraceId == test.TraceId
            && a.GetTagItem("db.query.text") is string text && text.Contains("read_model_versions"));
        Assert.Equal(2, ((string)rows.GetTagItem("db.query.text")!).Split("INSERT INTO \"forecasts\"").Length);
        await using var read = host.Db(tenant);
        Assert.Equal(12, await read.Forecasts.CountAsync(f => f.UnitCode.StartsWith("U")));
    }

    [Fact]
    public async Task A_write_the_database_refuses_fails_the_group_when_its_statements_run_and_each_event_goes_alone()
    {
        var tenant = ReportingHost.NewTenant();
        var held = await HoldAllPlacesAsync(tenant);

        var good = Forecast(tenant, "U1");
        // PostgreSQL's text holds no NUL character: it refuses the row, but only when the group's
        // statements run, after every consumer has returned.
        var refused = Forecast(tenant, "U2\0");
        var refusedWriteReturned = false;
        var outcomes = new[]
        {
            Groups.ApplyAsync(good, Consumer, (db, ct) => WriteAsync(db, good, ct), default),
            Groups.ApplyAsync(refused, Consumer, async (db, ct) =>
            {
                await WriteAsync(db, refused, ct);
                refusedWriteReturned = true;
            }, default),
        };
        held.Release.SetResult();

        Assert.All(await Task.WhenAll(outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Alone, o));
        Assert.True(refusedWriteReturned);
        await using var read = host.Db(tenant);
        Assert.False(await read.Forecasts.AnyAsync(f => f.UnitCode == "U1"));
        Assert.False(await read.InboxMessages.AnyAsync(m => m.EventId == good.EventId || m.EventId == refused.EventId));
    }

    [Fact]
    public async Task Groups_of_two_replicas_writing_the_same_rows_in_opposite_orders_wait_for_each_other_instead_of_deadlocking()
    {
        // Two replicas share the database, and each takes deliveries of the tenant's queues: one
        // receives a burst in one order, the other the same rows' next states in the other order.
        var tenant = ReportingHost.NewTenant();
        var other = new ReadModelGroups(host.Factory.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<ReadModelGroups>.Instance);
        var units = Enumerable.Range(1, 40).Select(i => $"U{i:00}").ToList();
        await using (var db = host.Db(tenant))
        {
            foreach (var unit in units) db.Forecasts.Add(new ForecastRow { UnitCode = unit, Year = 2022, Net = 0, Version = 1 });
            await db.SaveChangesAsync();
        }
        var inOrder = units.Select(u => Forecast(tenant, u) with { Version = 2 }).ToList();
        var reversed = units.AsEnumerable().Reverse().Select(u => Forecast(tenant, u) with { Version = 3 }).ToList();
        var held = new[] { await HoldAllPlacesAsync(Groups, tenant), await HoldAllPlacesAsync(other, tenant, units: "I") };

        // A row in the middle is locked until both groups wait for a lock, so their writes overlap
        // whatever the timing: written in their events' orders, one would then hold U01-U19 and the
        // other U21-U40, each waiting for the other (a deadlock PostgreSQL breaks after 1 s by
        // failing a group, which is then applied again); in one order, the second waits at U01.
        await using var locker = host.Db(tenant);
        await using var lockHeld = await locker.Database.BeginTransactionAsync();
        await locker.Database.ExecuteSqlInterpolatedAsync(
            $"""SELECT 1 FROM forecasts WHERE "Tenant" = {tenant} AND "UnitCode" = 'U20' FOR UPDATE""");

        // Each replica's burst waits for its held group and is then its next group; both start at once.
        var applied = new ConcurrentDictionary<Guid, int>();
        Task Write(ReportingDb db, BudgetForecastRecorded e, CancellationToken ct)
        {
            applied.AddOrUpdate(e.EventId, 1, (_, n) => n + 1);
            return WriteAsync(db, e, ct);
        }
        var outcomes = inOrder.Select(e => Groups.ApplyAsync(e, Consumer, (db, ct) => Write(db, e, ct), default))
            .Concat(reversed.Select(e => other.ApplyAsync(e, Consumer, (db, ct) => Write(db, e, ct), default))).ToList();
        foreach (var h in held) h.Release.SetResult();
        await using (var watch = host.Db(tenant))
            while (await watch.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """).SingleAsync() < 2)
                await Task.Delay(10);
        await lockHeld.CommitAsync();

        Assert.All(await Task.WhenAll(outcomes), o => Assert.Equal(ReadModelGroups.Outcome.Applied, o));
        // Each event applied once: no group failed and was applied again.
        Assert.Equal(inOrder.Concat(reversed).Select(e => e.EventId).Order(), applied.Keys.Order());
        Assert.All(applied.Values, n => Assert.Equal(1, n));
        await using var read = host.Db(tenant);
        Assert.All(await read.Forecasts.Where(f => f.UnitCode.StartsWith("U")).ToListAsync(), f => Assert.Equal(3, f.Version));
    }

    [Fact]
    public async Task Each_tenant_has_groups_of_its_own()
    {
        var (one, two) = (ReportingHost.NewTenant(), ReportingHost.NewTenant());
        var releaseOne = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Forecast(one, "U0");
        var blocked = Groups.ApplyAsync(first, Consumer, async (db, ct) =>
        {
            await releaseOne.Task;
            await WriteAsync(db, first, ct);
        }, default);

        // Tenant two's event does not wait for tenant one's group, and lands in tenant two only.
        var other = Forecast(two, "U9");
        Assert.Equal(ReadModelGroups.Outcome.Applied, await Groups.ApplyAsync(other, Consumer, (db, ct) => WriteAsync(db, other, ct), default));
        Assert.False(blocked.IsCompleted);
        releaseOne.SetResult();
        Assert.Equal(ReadModelGroups.Outcome.Applied, await blocked);

        await using var readOne = host.Db(one);
        await using var readTwo = host.Db(two);
        Assert.Equal(["U0"], await readOne.Forecasts.Select(f => f.UnitCode).ToListAsync());
        Assert.Equal(["U9"], await readTwo.Forecasts.Select(f => f.UnitCode).ToListAsync());
    }

    [Fact]
    public async Task While_the_tenants_read_model_is_rebuilt_a_group_records_nothing_and_sends_each_event_alone()
    {
        var tenant = ReportingHost.NewTenant();
        var now = DateTimeOffset.UtcNow;
        await using (var db = host.Db(tenant))
        {
            // Its budget snapshot announced and never arriving: the rebuild runs for the test's length.
            db.Rebuilds.Add(new RebuildRow
            {
                Tenant = tenant, RequestedBy = "test.user", StartedAt = now, Deadline = now.AddHours(1),
                Sources = [new RebuildSourceRow { Source = "budget", Announced = 16 }],
            });
            await db.SaveChangesAsync();
        }

        var e = Forecast(tenant, "U1");
        var applied = false;
        Assert.Equal(ReadModelGroups.Outcome.Alone, await Groups.ApplyAsync(e, Consumer, async (db, ct) =>
        {
            applied = true;
            await WriteAsync(db, e, ct);
        }, default));

        Assert.False(applied);
        await using var read = host.Db(tenant);
        Assert.False(await read.InboxMessages.AnyAsync(m => m.EventId == e.EventId));
        Assert.False(await read.Forecasts.AnyAsync());
    }

    [Fact]
    public async Task A_groups_span_links_each_of_its_events_consume_spans_and_each_links_back()
    {
        var tenant = ReportingHost.NewTenant();
        var stopped = new ConcurrentQueue<Activity>();
        using var consumes = new ActivitySource(nameof(ReadModelGroupsTests));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is nameof(ReadModelGroupsTests) or ReportTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var held = await HoldAllPlacesAsync(tenant);

        // Each event received in a consume span of a trace of its own, as MassTransit starts them.
        var received = new List<(Activity Consume, Task<ReadModelGroups.Outcome> Outcome)>();
        foreach (var e in Enumerable.Range(1, 4).Select(i => Forecast(tenant, "T" + i)))
        {
            var consume = consumes.StartActivity("consume " + e.UnitCode)!;
            received.Add((consume, Groups.ApplyAsync(e, Consumer, (db, ct) => WriteAsync(db, e, ct), default)));
            Activity.Current = null;
        }
        held.Release.SetResult();
        await Task.WhenAll(received.Select(r => r.Outcome));
        foreach (var (consume, _) in received) consume.Stop();

        var ids = received.Select(r => r.Consume.SpanId).ToHashSet();
        var group = Assert.Single(stopped, s => s.OperationName == "read model group" && s.Links.Any(l => ids.Contains(l.Context.SpanId)));
        Assert.Equal(4, group.GetTagItem("read_model.group.events"));
        // In the trace of the consume that applied it, linked to the other three, which link back.
        var leader = Assert.Single(received, r => r.Consume.SpanId == group.ParentSpanId).Consume;
        Assert.Equal(leader.TraceId, group.TraceId);
        var others = received.Select(r => r.Consume).Where(c => c != leader).ToList();
        Assert.Equal(others.Select(c => c.SpanId.ToHexString()).Order(), group.Links.Select(l => l.Context.SpanId.ToHexString()).Order());
        Assert.All(others, c => Assert.Equal(group.SpanId, Assert.Single(c.Links).Context.SpanId));
    }
}
