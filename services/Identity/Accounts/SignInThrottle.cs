using System.Threading.RateLimiting;

namespace Region.Identity.Accounts;

/// Failed sign-ins slow password guessing down. After FailuresPerName failures for one user name
/// within Window the sign-in page refuses further attempts for that name before any password is
/// checked, until the window has moved on: the right password does not get through either, so
/// guessing gains nothing (at most five guesses per account per quarter of an hour). Counted by
/// name, not by client address: behind the cluster's ingress every browser has the same address,
/// and one guesser would lock the whole region out. Kept in each replica's memory by
/// System.Threading.RateLimiting's sliding windows (with N replicas, N times the figure); a name
/// with failures in its window is kept, an idle one is dropped by the limiter itself.
public sealed class SignInThrottle : IDisposable
{
    public const int FailuresPerName = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // A typed name longer than any account's is cut: it cannot name another account, and a key stays small.
    const int MaxNameLength = 200;

    readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetSlidingWindowLimiter(name, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerName,
            Window = Window,
            SegmentsPerWindow = 15,
            QueueLimit = 0,
        }));

    /// Whether an attempt with this name is refused unchecked.
    public bool IsRefused(string? userName) =>
        Key(userName) is { } key && _failures.GetStatistics(key)?.CurrentAvailablePermits == 0;

    /// Counts a failed attempt against the name.
    public void Failed(string? userName)
    {
        // A window's permits come back as the window moves, not when the lease ends.
        if (Key(userName) is { } key) _failures.AttemptAcquire(key).Dispose();
    }

    static string? Key(string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName)) return null;
        var name = UserDirectory.Normalize(userName);
        return name.Length <= MaxNameLength ? name : name[..MaxNameLength];
    }

    public void Dispose() => _failures.Dispose();
}
