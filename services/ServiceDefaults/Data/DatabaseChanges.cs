using System.Collections.Concurrent;

namespace Region.ServiceDefaults.Data;

/// Generations of what a service keeps between calls (a tenant's tree, its frames of a year, its
/// read model), moved by PostgreSQL's notifications of committed changes (ChangeListener: triggers
/// NOTIFY on the tables, any writer, any replica) and by this process's own commits (Moved). A
/// result kept at generation g is current while the key's generation is still g, so a cached read
/// needs no round trip. Read the generation before reading the data: a change committed meanwhile
/// then moves it past g and the next read loads again.
///
/// The guarantee: this process's own commits show in its next read; another replica's commit shows
/// once its notification arrives (milliseconds). While the listener is not connected (start-up, a
/// lost connection) Generation is null and callers check the database instead; reconnecting moves
/// every key, since notifications sent meanwhile are lost. A connection lost without a word is
/// noticed by ChangeListener's ping within seconds (ChangeListener.PingEvery + its timeout).
public sealed class DatabaseChanges
{
    private readonly ConcurrentDictionary<string, long> _moved = new(StringComparer.Ordinal);
    private long _counter;
    // Every generation is at least this: moved on (re)connecting, so nothing kept before counts.
    private long _floor;
    private volatile bool _listening;

    /// The key's generation, or null while changes may go unnoticed (not listening): check the database then.
    public long? Generation(string key) =>
        _listening ? Math.Max(_moved.GetValueOrDefault(key), Volatile.Read(ref _floor)) : null;

    /// Whether notifications are arriving now.
    public bool Listening => _listening;

    /// A change of the key has committed.
    public void Moved(string key) => _moved[key] = Interlocked.Increment(ref _counter);

    /// LISTEN is in place: from now on every commit is notified, and whatever was kept before is old.
    public void Listen()
    {
        Volatile.Write(ref _floor, Interlocked.Increment(ref _counter));
        _listening = true;
    }

    /// Notifications may be missed from now on (a lost connection, shutting down).
    public void Deaf() => _listening = false;
}
