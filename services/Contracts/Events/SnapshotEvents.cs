namespace Region.Contracts.Events;

/// The end of one source's snapshot (AnnounceSnapshot), published after its snapshot events through
/// the same outbox. RebuildId is the one the rebuild asked with; Events counts the snapshot's events
/// and EventIds lists them by event type name, so a reader that rebuilds can tell them from live
/// events and knows when it has applied every one of the types it consumes.
public interface ISnapshotAnnounced : IIntegrationEvent
{
    string RebuildId { get; }
    int Events { get; }
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds { get; }
}

public sealed record BudgetSnapshotAnnounced(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string RebuildId, int Events,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds) : IBudgetEvent, ISnapshotAnnounced;

public sealed record GoalsSnapshotAnnounced(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string RebuildId, int Events,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds) : IGoalsEvent, ISnapshotAnnounced;

public sealed record InvestmentsSnapshotAnnounced(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string RebuildId, int Events,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds) : IInvestmentsEvent, ISnapshotAnnounced;

public sealed record MeetingsSnapshotAnnounced(Guid EventId, string Tenant, DateTimeOffset OccurredAt, string RebuildId, int Events,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds) : IMeetingsEvent, ISnapshotAnnounced;

/// Builds a snapshot's marker: the ids of <paramref name="events"/> grouped by type name.
public static class SnapshotMarker
{
    public static IReadOnlyDictionary<string, IReadOnlyList<Guid>> EventIds(IEnumerable<IIntegrationEvent> events) =>
        events.GroupBy(e => e.GetType().Name).ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)g.Select(e => e.EventId).ToList());
}
