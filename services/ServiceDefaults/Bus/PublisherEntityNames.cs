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

    /// The names every bus of the system uses, services and test probes alike: a bus that names
    /// exchanges otherwise never sees the events.
    public static void Apply(IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.MessageTopology.SetEntityNameFormatter(new PublisherEntityNames(cfg.MessageTopology.EntityNameFormatter));
        // Only concrete events get exchanges: an exchange per shared interface would need every
        // service's login to write to it.
        cfg.Publish<IIntegrationEvent>(p => p.Exclude = true);
        cfg.Publish<IBudgetEvent>(p => p.Exclude = true);
        cfg.Publish<IGoalsEvent>(p => p.Exclude = true);
        cfg.Publish<IInvestmentsEvent>(p => p.Exclude = true);
        cfg.Publish<IMeetingsEvent>(p => p.Exclude = true);
        cfg.Publish<INotificationsEvent>(p => p.Exclude = true);
        cfg.Publish<ISnapshotAnnounced>(p => p.Exclude = true);
    }
}
