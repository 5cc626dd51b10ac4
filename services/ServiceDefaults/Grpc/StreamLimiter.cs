using Microsoft.Extensions.Configuration;
using Region.ServiceDefaults.Errors;

namespace Region.ServiceDefaults.Grpc;

/// Caps the long-lived server streams (e.g. WatchReport) a server holds and each caller may hold,
/// so one caller cannot tie up the server: past a cap the call gets RESOURCE_EXHAUSTED.
/// Streams:MaxPerServer (default 200) and Streams:MaxPerCaller (default 4) set the caps.
public sealed class StreamLimiter(IConfiguration configuration)
{
    private readonly int _maxPerServer = configuration.GetValue("Streams:MaxPerServer", 200);
    private readonly int _maxPerCaller = configuration.GetValue("Streams:MaxPerCaller", 4);
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _total;

    public int Open { get { lock (_byCaller) return _total; } }

    /// Takes a place for the caller's stream until the returned lease is disposed.
    public IDisposable Enter(string caller)
    {
        lock (_byCaller)
        {
            if (_total >= _maxPerServer)
                throw new ResourceExhaustedException($"The server has {_total} open streams, its limit; retry later.");
            var mine = _byCaller.GetValueOrDefault(caller);
            if (mine >= _maxPerCaller)
                throw new ResourceExhaustedException($"You have {mine} open streams, the limit per caller; close one first.");
            _byCaller[caller] = mine + 1;
            _total++;
        }
        return new Lease(this, caller);
    }

    private void Leave(string caller)
    {
        lock (_byCaller)
        {
            _total--;
            if (--_byCaller[caller] == 0) _byCaller.Remove(caller);
        }
    }

    private sealed class Lease(StreamLimiter limiter, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) limiter.Leave(caller);
        }
    }
}
