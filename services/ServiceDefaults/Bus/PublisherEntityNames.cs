using MassTransit;
using Region.Contracts.Events;

namespace Region.ServiceDefaults.Bus;

/// Names each event's exchange after its one publisher, "region.budget:BudgetFrameAdjusted", so the
/// broker's permissions can let only the budget service's login write budget events (see
/// deploy/local/rabbitmq). Other message types keep MassTransit's names.
public sealed class PublisherEntityNames(IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        EventPublisher.Of(typeof(T)) is { } publisher ? $"region.{publisher}:{typeof(T).Name}" : fallback.FormatEntityName<T>();
}
