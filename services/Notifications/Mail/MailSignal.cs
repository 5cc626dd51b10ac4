namespace Region.Notifications.Mail;

/// Wakes the mail sender in this process when a notification is stored; polling is only the fallback.
public sealed class MailSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        // Many wakes before the sender looks are one wake: it sends everything due when it does.
        if (_wake.CurrentCount == 0) try { _wake.Release(); } catch (SemaphoreFullException) { }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await _wake.WaitAsync(timeout, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}
