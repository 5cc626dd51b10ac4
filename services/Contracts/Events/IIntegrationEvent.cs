namespace Region.Contracts.Events;

/// What every integration event carries: a unique id (used as the message id, so consumers can
/// deduplicate), the tenant (region) it belongs to, and when the change was committed.
public interface IIntegrationEvent
{
    Guid EventId { get; }
    string Tenant { get; }
    DateTimeOffset OccurredAt { get; }
}

/// The service that publishes an event: each event type implements the marker of its one publisher,
/// so the broker can let only that service's login write it (see EventPublisher).
public interface IBudgetEvent : IIntegrationEvent;

/// Published by the goals service.
public interface IGoalsEvent : IIntegrationEvent;

/// Published by the investments service.
public interface IInvestmentsEvent : IIntegrationEvent;

/// Published by the meetings service.
public interface IMeetingsEvent : IIntegrationEvent;

/// Published by the notifications service (its reminder job).
public interface INotificationsEvent : IIntegrationEvent;

/// Names the publisher of an event type, for the broker's exchange names (region.<publisher>:<Event>).
public static class EventPublisher
{
    private static readonly (Type Marker, string Service)[] Markers =
    [
        (typeof(IBudgetEvent), "budget"),
        (typeof(IGoalsEvent), "goals"),
        (typeof(IInvestmentsEvent), "investments"),
        (typeof(IMeetingsEvent), "meetings"),
        (typeof(INotificationsEvent), "notifications"),
    ];

    /// The marker interfaces, which carry no messages of their own.
    public static IEnumerable<Type> MarkerTypes => Markers.Select(m => m.Marker);

    /// The publishing service of a concrete event type, or null for a type that is no event.
    public static string? Of(Type eventType) =>
        Markers.Where(m => m.Marker.IsAssignableFrom(eventType)).Select(m => m.Service).SingleOrDefault();
}
