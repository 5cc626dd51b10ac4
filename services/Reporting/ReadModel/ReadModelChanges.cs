using Region.Contracts.Events;
using Region.ServiceDefaults.Data;

namespace Region.Reporting.ReadModel;

/// Tells report watchers in this process that a tenant's read model changed, and counts the
/// changes (the tenant's generation), so a summary built at one generation can be shared until the
/// next. A second count leaves out the changes of goal rows only (a goal's outcome, status or
/// activities), so a watched report can keep the other rows it read across them.
public sealed class ReadModelChanges(DatabaseChanges committed, ILogger<ReadModelChanges> logger)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, TaskCompletionSource> _next = new();
    readonly Dictionary<string, long> _generation = new();
    readonly Dictionary<string, long> _outsideGoals = new();

    /// Called once an event's change has committed (never for a duplicate delivery);
    /// <paramref name="goalRowsOnly"/> when it wrote nothing but goal rows (ReportBuilder's GoalsAsync reads).
    public void Notify(IIntegrationEvent applied, bool goalRowsOnly = false)
    {
        // Written inside the consume span, so the line carries the trace of the call that caused it.
        logger.LogDebug("Read model of {Tenant} changed by {Event} {EventId}", applied.Tenant, applied.GetType().Name, applied.EventId);
        Changed(applied.Tenant, goalRowsOnly);
    }

    /// Called once a change of the tenant's model has committed (an event's, or a rebuild's switch).
    public void Changed(string tenant) => Changed(tenant, goalRowsOnly: false);

    void Changed(string tenant, bool goalRowsOnly)
    {
        // Kept reports of the tenant are old from now on, before the database's notification comes round.
        committed.Moved(ReportingChanges.ReadModel(tenant));
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            _generation[tenant] = _generation.GetValueOrDefault(tenant) + 1;
            if (!goalRowsOnly) _outsideGoals[tenant] = _outsideGoals.GetValueOrDefault(tenant) + 1;
            _next.Remove(tenant, out waiting);
        }
        waiting?.TrySetResult();
    }

    /// How many changes of the tenant's model this process has seen; read after NextAsync, a build
    /// tagged with it includes every change it counts.
    public long Generation(string tenant) => Generations(tenant).All;

    /// The generation and the count of the changes that wrote more than goal rows, read together:
    /// rows other than the goals' read after this, while OutsideGoals stays, are still as stored.
    public (long All, long OutsideGoals) Generations(string tenant)
    {
        lock (_gate) return (_generation.GetValueOrDefault(tenant), _outsideGoals.GetValueOrDefault(tenant));
    }

    /// Completes at the next change of the tenant's model (or when cancelled).
    public Task NextAsync(string tenant, CancellationToken ct)
    {
        TaskCompletionSource source;
        lock (_gate)
        {
            if (!_next.TryGetValue(tenant, out source!))
                _next[tenant] = source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return source.Task.WaitAsync(ct);
    }
}

/// The keys of DatabaseChanges reporting's kept reads depend on: a tenant's read model, whose
/// version row (read_model_versions) notifies Channel on every move (migration ChangeNotifications).
public static class ReportingChanges
{
    public const string Channel = "reporting_changes";

    public static string ReadModel(string tenant) => tenant;
}
