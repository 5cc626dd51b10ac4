using Microsoft.Extensions.Configuration;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Grpc;

/// Caps the long-lived server streams (e.g. WatchReport) a server holds and each caller may hold,
/// so one caller cannot tie up the server: past a cap the call gets RESOURCE_EXHAUSTED.
/// Streams:MaxPerServer (default 200) and Streams:MaxPerCaller (default 4) set the caps.
///
/// A stream is authorised when it opens, so it lasts no longer than the token that opened it: a
/// user whose account or roles are taken away stops receiving within one token's lifetime. It then
/// ends with UNAUTHENTICATED, and the caller opens it again with a fresh token.
public sealed class StreamLimiter(IConfiguration configuration)
{
    private readonly int _maxPerServer = configuration.GetValue("Streams:MaxPerServer", 200);
    private readonly int _maxPerCaller = configuration.GetValue("Streams:MaxPerCaller", 4);
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _total;

    public int Open { get { lock (_byCaller) return _total; } }

    /// Takes a place for the caller's stream until the returned lease is disposed; the lease's
    /// Ended fires when the call ends or the caller's token expires.
    public Lease Enter(CallerContext caller, CancellationToken call)
    {
        var key = $"{caller.Tenant}\n{caller.User}";
        lock (_byCaller)
        {
            if (_total >= _maxPerServer)
                throw new ResourceExhaustedException($"The server has {_total} open streams, its limit; retry later.");
            var mine = _byCaller.GetValueOrDefault(key);
            if (mine >= _maxPerCaller)
                throw new ResourceExhaustedException($"You have {mine} open streams, the limit per caller; close one first.");
            _byCaller[key] = mine + 1;
            _total++;
        }
        return new Lease(this, key, call, caller.TokenValidUntil);
    }

    private void Leave(string caller)
    {
        lock (_byCaller)
        {
            _total--;
            if (--_byCaller[caller] == 0) _byCaller.Remove(caller);
        }
    }

    public sealed class Lease : IDisposable
    {
        // CancellationTokenSource.CancelAfter takes at most int.MaxValue milliseconds (~24 days).
        private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(24);

        private readonly StreamLimiter _limiter;
        private readonly string _caller;
        private readonly CancellationToken _call;
        private readonly CancellationTokenSource _ended;
        private int _disposed;

        internal Lease(StreamLimiter limiter, string caller, CancellationToken call, DateTimeOffset? tokenValidUntil)
        {
            (_limiter, _caller, _call) = (limiter, caller, call);
            _ended = CancellationTokenSource.CreateLinkedTokenSource(call);
            if (tokenValidUntil - DateTimeOffset.UtcNow is { } left && left < LongestTimer)
                _ended.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        /// Cancelled when the call ends or the token that opened it expires.
        public CancellationToken Ended => _ended.Token;

        /// After the stream's work stopped on Ended: UNAUTHENTICATED when it was the token's expiry.
        public void ThrowIfTokenExpired()
        {
            if (_ended.IsCancellationRequested && !_call.IsCancellationRequested)
                throw new UnauthenticatedException("The access token that opened this stream has expired: open it again with a fresh token.");
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _ended.Dispose();
            _limiter.Leave(_caller);
        }
    }
}
