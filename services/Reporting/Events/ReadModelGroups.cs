using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.Reporting.Report;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// Applies the events of one tenant that its consumers receive at the same time in one
/// transaction (a group commit): one inbox statement with the rebuild check, one version bump and
/// one commit for the group instead of one of each per event, and the rows its events write in
/// one batch of statements. Applied one by one, an event cost
/// six round trips to PostgreSQL, each waking two processes, and a burst (an import, a busy hour
/// of adjustments) arrives as up to PrefetchCount deliveries per queue at once.
///
/// Up to MaxLeaders groups of a tenant are applied at once, each by the consumer that found a
/// free place and took the events waiting (its own among them, or not); the others wait for their
/// event's outcome or a free place. So an event that finds a free place is applied at once, with
/// no timer, and events group only while the tenant's transaction is busy. A group that fails
/// in any way (a bad event, a deadlock, a lost connection) or meets a running rebuild is rolled
/// back whole, and each of its events is applied alone by its own consumer (Outcome.Alone), as
/// without grouping: a bad event is retried and dead-lettered on its own, and the others commit.
public sealed class ReadModelGroups(IServiceScopeFactory scopes, ILogger<ReadModelGroups> logger)
{
    /// At most this many events in one transaction: a queue's whole prefetch (Bus:PrefetchCount,
    /// 64 in reporting's appsettings.json). A group ends before the next can start, so the size of
    /// the groups, not the cost of one, sets how fast a tenant's events are applied: with 16
    /// deliveries per queue (the services' default) a burst was applied in groups of 15 and 1,
    /// ~10 ms each on two cores, and delivering 160 events took 0.88–1.05 ms per event; with 64,
    /// 0.75–0.83 ms (tests/Benchmarks/performance-notes.md, ninth round).
    public const int MaxGroup = 64;

    /// Groups of one tenant in flight at once. One: fewer, larger groups apply a burst faster than
    /// four at once (1.05 against 1.27 ms per event, performance-notes.md, seventh round) or two
    /// (sixteenth round, with rows in key order). A group writes its rows in key order
    /// (RowStatement.Merged), so groups of two replicas that share rows wait for each other instead
    /// of deadlocking.
    public const int MaxLeaders = 1;

    public enum Outcome { Applied, Duplicate, Alone }

    /// An event waiting for its group; Apply writes its change through the group's context.
    sealed record Waiting(IIntegrationEvent Message, string Consumer, Func<ReportingDb, CancellationToken, Task> Apply)
    {
        /// The consume span the event was received in, which the group's span links to.
        public Activity? Consume { get; } = Activity.Current;

        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// A tenant's groups in flight, the events waiting for the next, and a signal when one ends.
    sealed class Tenant
    {
        public int Leaders;
        public readonly Queue<Waiting> Waiting = new();
        public TaskCompletionSource GroupEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly Lock _gate = new();
    // The tenants with events waiting or groups in flight.
    readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    /// Applies <paramref name="message"/> (through <paramref name="apply"/> on the group's context)
    /// once for <paramref name="consumer"/>, in a group with the tenant's other events received meanwhile.
    public async Task<Outcome> ApplyAsync(IIntegrationEvent message, string consumer, Func<ReportingDb, CancellationToken, Task> apply,
        CancellationToken ct)
    {
        var waiting = new Waiting(message, consumer, apply);
        lock (_gate)
        {
            if (!_tenants.TryGetValue(message.Tenant, out var tenant)) _tenants[message.Tenant] = tenant = new();
            tenant.Waiting.Enqueue(waiting);
        }
        while (true)
        {
            List<Waiting>? group = null;
            Task groupEnded;
            lock (_gate)
            {
                // Checked under the gate: a leader settles its events before it takes the gate to
                // end its group, and may then remove the tenant. Checked before the gate, an event
                // settled in between found no tenant here (KeyNotFoundException; seen once in the
                // ~30 000 events of a large region's generation, and retried by the bus).
                if (waiting.Done.Task.IsCompleted) break;
                var tenant = _tenants[message.Tenant];
                if (tenant.Leaders < MaxLeaders && tenant.Waiting.Count > 0)
                {
                    tenant.Leaders++;
                    group = new(Math.Min(tenant.Waiting.Count, MaxGroup));
                    while (group.Count < MaxGroup && tenant.Waiting.TryDequeue(out var next)) group.Add(next);
                }
                groupEnded = tenant.GroupEnded.Task;
            }
            // Not cancelled by ct: whoever took this event settles it, whatever happens.
            if (group is not null) await LeadAsync(message.Tenant, group, ct);
            else await Task.WhenAny(groupEnded, waiting.Done.Task);
        }
        return await waiting.Done.Task;
    }

    /// Applies a group, settles each of its events, and makes its place free.
    async Task LeadAsync(string tenant, List<Waiting> group, CancellationToken ct)
    {
        var outcomes = new Outcome[group.Count];
        using var span = ReportTelemetry.StartGroup(group.Select(w => w.Consume).ToList());
        try
        {
            await ApplyGroupAsync(tenant, group, outcomes, ct);
        }
        catch (Exception e)
        {
            // Every event is applied again on its own, where a real fault is retried and reported.
            logger.LogDebug(e, "A group of {Count} events of {Tenant} was rolled back; each is applied alone", group.Count, tenant);
            Array.Fill(outcomes, Outcome.Alone);
        }
        finally
        {
            for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(outcomes[i]);
            TaskCompletionSource ended;
            lock (_gate)
            {
                var t = _tenants[tenant];
                ended = t.GroupEnded;
                t.GroupEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (--t.Leaders == 0 && t.Waiting.Count == 0) _tenants.Remove(tenant);
            }
            ended.SetResult();
        }
    }

    async Task ApplyGroupAsync(string tenant, List<Waiting> group, Outcome[] outcomes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
        (caller.Tenant, caller.User, caller.Rpc) = (tenant, "system:" + nameof(ReadModelGroups), "consume (group)");
        var db = scope.ServiceProvider.GetRequiredService<ReportingDb>();
        var keys = group.Select(w => (w.Message.EventId, InboxDbExtensions.ConsumerKey(w.Consumer))).ToList();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            Array.Fill(outcomes, Outcome.Alone); // again when the strategy retries
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A rebuild writes each event to its shadow too (ReadModelConsumer): each goes alone.
            // Checked in the inbox statement's round trip.
            var recorded = await db.RecordManyUnlessAsync(RebuildProgress.LockRunning(tenant), keys, ct);
            if (recorded is null) return;
            db.Database.AutoSavepointsEnabled = false; // the transaction rolls back whole (InboxDbExtensions)
            var first = new HashSet<(Guid, string)>();
            // The consumers only write (no query reads rows of the read model), so their statements
            // wait and run together, in their order, with the version's move in one round trip
            // (ReportingDb.SaveChangesAsync).
            db.DeferStatements();
            for (var i = 0; i < group.Count; i++)
            {
                // The same event twice in one group (a redelivery) is applied once.
                outcomes[i] = recorded.Contains(keys[i]) && first.Add(keys[i]) ? Outcome.Applied : Outcome.Duplicate;
                if (outcomes[i] == Outcome.Applied) await group[i].Apply(db, ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
    }
}
