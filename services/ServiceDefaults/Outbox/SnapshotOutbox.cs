using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.ServiceDefaults.Outbox;

/// How a source writes a snapshot (AnnounceSnapshot): its events, then the marker that ends it,
/// into one outbox in this order, so a reader that rebuilds learns which events it must wait for.
public static class SnapshotOutbox
{
    public const int MaxRebuildIdLength = 64;

    /// The rebuild id the request names, or a new one; INVALID_ARGUMENT when it is too long or holds
    /// characters the marker's row cannot store (it travels in the outbox).
    public static string RebuildId(string requested)
    {
        var violations = new Violations();
        Input.CheckText(requested, "rebuild_id", MaxRebuildIdLength, violations);
        violations.ThrowIfAny();
        return string.IsNullOrWhiteSpace(requested) ? Guid.NewGuid().ToString() : requested.Trim();
    }

    /// Enqueues <paramref name="events"/> and then the marker <paramref name="marker"/> makes from
    /// their count and ids (saved by the caller's SaveChanges); returns the number of events.
    public static int EnqueueSnapshot(this IOutboxDb db, IReadOnlyList<IIntegrationEvent> events,
        Func<int, IReadOnlyDictionary<string, IReadOnlyList<Guid>>, IIntegrationEvent> marker)
    {
        foreach (var e in events) db.Enqueue(e);
        db.Enqueue(marker(events.Count, SnapshotMarker.EventIds(events)));
        return events.Count;
    }
}
