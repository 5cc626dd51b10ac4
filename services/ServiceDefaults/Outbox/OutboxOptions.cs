namespace Region.ServiceDefaults.Outbox;

/// Tuning for one service's outbox dispatcher.
public sealed class OutboxOptions
{
    /// Fallback only: the dispatcher is normally woken right after a commit that wrote events.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 100;
    /// Rounds (claim, publish, record) under way at once in one dispatcher: while one round waits
    /// for its confirms and its delete, the next batch is already claimed and published (measured:
    /// about a seventh less time per event than one round at a time; more gained nothing on two cores).
    /// They share the rows as replicas do (SKIP LOCKED and leases), so order across rounds is best
    /// effort, as consumers already expect.
    public int ConcurrentRounds { get; set; } = 2;
    /// How long one publish may wait for the broker's confirm before it counts as failed.
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// How long a claimed batch belongs to its dispatcher; a dispatcher that dies leaves its rows to
    /// be claimed again after this. Keep it well above PublishTimeout (a round takes about that long
    /// at worst) or a slow round's rows are published a second time by another replica.
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    /// Failed attempts after which a row that fails for a reason of its own moves to the dead-letter
    /// table. Attempts during a broker outage count but never dead-letter a row.
    public int MaxAttempts { get; set; } = 10;
    /// Dead row versions in the outbox table (PostgreSQL's count; each sent event leaves about two)
    /// from which the dispatcher vacuums it, checked at most once a second; 0 leaves it to
    /// autovacuum. Why: OutboxUpkeep.
    public int VacuumAfterDeadRows { get; set; } = 2000;
    /// Cap of the exponential back-off (1 s, 2 s, 4 s, ...) between attempts of a failing row.
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    internal TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryDelay.TotalSeconds));
    }
}
