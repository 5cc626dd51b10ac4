namespace Region.Reporting.Events;

/// Tells report watchers in this process that a tenant's read model changed; each watcher then
/// recomputes its summary and sends it only if it differs.
public sealed class ReadModelChanges
{
    readonly Lock _gate = new();
    readonly Dictionary<string, TaskCompletionSource> _next = new();

    public void Notify(string tenant)
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            _next.Remove(tenant, out waiting);
        }
        waiting?.TrySetResult();
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
