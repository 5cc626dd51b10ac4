namespace Region.ServiceDefaults.Outbox;

/// Wakes the dispatcher of one DbContext type in this process; many notifications before the
/// dispatcher looks collapse into one wake-up, which is all it needs (it then reads every due row).
public sealed class OutboxSignal<TDb>
{
    readonly SemaphoreSlim _wake = new(0, 1);
    int _pending;

    public void Notify()
    {
        // Release only on the 0 -> 1 edge so the semaphore never exceeds its maximum of 1.
        if (Interlocked.Exchange(ref _pending, 1) == 0)
            _wake.Release();
    }

    /// True when notified, false when the timeout (the poll interval) passed first.
    internal async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _wake.WaitAsync(timeout, cancellationToken))
            return false;
        // Reset after taking the wake-up: a Notify that was swallowed in between belongs to a
        // commit that is already visible to the batch the caller is about to read.
        Volatile.Write(ref _pending, 0);
        return true;
    }
}
