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
        services.AddOptions<OutboxOptions>(typeof(TDb).Name).Configure(options => configure?.Invoke(options));
        services.TryAddSingleton<OutboxSignal<TDb>>();
        services.TryAddSingleton<OutboxCommitInterceptor<TDb>>();
        services.AddHostedService<OutboxDispatcher<TDb>>();
        return services;
    }
}
