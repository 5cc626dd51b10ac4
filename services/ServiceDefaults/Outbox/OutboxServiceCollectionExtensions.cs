using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Region.ServiceDefaults.Outbox;

/// Registers the outbox of one service database.
public static class OutboxServiceCollectionExtensions
{
    /// Registers the dispatcher, its wake-up signal and <see cref="OutboxCommitInterceptor{TDb}"/>,
    /// which the caller adds to the DbContext options. Needs MassTransit's IBus.
    public static IServiceCollection AddOutbox<TDb>(this IServiceCollection services, Action<OutboxOptions>? configure = null)
        where TDb : DbContext, IOutboxDb
    {
        services.AddOptions<OutboxOptions>(typeof(TDb).Name).Configure(options => configure?.Invoke(options))
            // The dispatcher publishes a row only while its lease outlasts the confirm's wait.
            .Validate(o => o.Lease >= 2 * o.PublishTimeout, "Outbox:Lease must be at least twice Outbox:PublishTimeout.")
            .Validate(o => o.ConcurrentRounds is >= 1 and <= 16, "Outbox:ConcurrentRounds must be between 1 and 16.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Outbox:BatchSize must be between 1 and 10000.")
            .Validate(o => o.VacuumAfterDeadRows >= 0, "Outbox:VacuumAfterDeadRows must be 0 (never) or more.")
            .ValidateOnStart();
        services.TryAddSingleton<OutboxSignal<TDb>>();
        services.TryAddSingleton<OutboxCommitInterceptor<TDb>>();
        services.AddHostedService<OutboxDispatcher<TDb>>();
        return services;
    }
}
