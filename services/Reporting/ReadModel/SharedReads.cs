namespace Region.Reporting.ReadModel;

/// One read per key shared by every call that needs it at the same time, where each call must see
/// the database as it was when the call arrived or later. A call may therefore use only a read
/// that starts after it arrived: arriving while a read runs, it waits for the next one, which starts
/// when the running one ends and serves every call that arrived meanwhile. Under many calls in
/// flight that is about two reads per read's round trip instead of one per call (LatestReports'
/// version reads).
public sealed class SharedReads<TKey, T>(Func<TKey, CancellationToken, Task<T>> read, TimeSpan timeout) where TKey : notnull
{
    sealed class Slot
    {
        /// Waits for the read after the running one; null while nobody does.
        public TaskCompletionSource<T>? Next;
    }

    readonly Lock _gate = new();
    /// A key has a slot while a read of it runs.
    readonly Dictionary<TKey, Slot> _running = new();

    public Task<T> ReadAsync(TKey key, CancellationToken ct)
    {
        Task<T> served;
        lock (_gate)
        {
            if (_running.TryGetValue(key, out var slot))
            {
                slot.Next ??= new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                served = slot.Next.Task;
            }
            else
            {
                slot = _running[key] = new Slot();
                served = Start(key, slot);
            }
        }
        // Each call waits with its own token; the read itself finishes for the others.
        return served.WaitAsync(ct);
    }

    Task<T> Start(TKey key, Slot slot) => Task.Run(async () =>
    {
        try
        {
            using var limit = new CancellationTokenSource(timeout);
            return await read(key, limit.Token);
        }
        finally
        {
            StartNext(key, slot);
        }
    });

    /// Called as a read ends: starts the one the calls that arrived meanwhile wait for, if any.
    void StartNext(TKey key, Slot slot)
    {
        TaskCompletionSource<T>? waiting;
        Task<T> next;
        lock (_gate)
        {
            (waiting, slot.Next) = (slot.Next, null);
            if (waiting is null)
            {
                _running.Remove(key);
                return;
            }
            next = Start(key, slot);
        }
        _ = ForwardAsync(next, waiting);
    }

    static async Task ForwardAsync(Task<T> from, TaskCompletionSource<T> to)
    {
        try
        {
            to.TrySetResult(await from);
        }
        catch (Exception e)
        {
            to.TrySetException(e);
        }
    }
}
