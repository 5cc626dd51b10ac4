namespace Region.Contracts.Events;

/// What every integration event carries: a unique id (used as the message id, so consumers can
/// deduplicate), the tenant (region) it belongs to, and when the change was committed.
public interface IIntegrationEvent
{
    Guid EventId { get; }
    string Tenant { get; }
    DateTimeOffset OccurredAt { get; }
}
