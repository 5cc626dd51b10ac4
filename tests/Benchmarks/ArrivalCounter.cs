namespace Region.Benchmarks;

/// Counts messages a consumer has received and lets a benchmark wait, without polling, until a
/// given total has arrived.
public sealed class ArrivalCounter
{
    private readonly Lock _lock = new();
    private long _count;
    private long _target;
    private TaskCompletionSource? _waiter;

    public long Count
    {
        get { lock (_lock) return _count; }
    }

    public void Add()
    {
        lock (_lock)
        {
            _count++;
            if (_waiter is not null && _count >= _target)
            {
                _waiter.TrySetResult();
                _waiter = null;
            }
        }
    }

    /// Completes once Count reaches target; throws TimeoutException (naming what) if it does not in time.
    public async Task WaitForAsync(long target, TimeSpan timeout, string what)
    {
        Task arrived;
        lock (_lock)
        {
            if (_count >= target) return;
            _target = target;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived = _waiter.Task;
        }
        try
        {
            await arrived.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: {Count} of {target} arrived within {timeout.TotalSeconds} s.");
        }
    }
}
