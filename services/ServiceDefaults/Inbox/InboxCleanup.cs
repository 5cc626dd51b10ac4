using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Region.ServiceDefaults.Inbox;

/// Deletes inbox rows older than the retention: long after the broker could redeliver them
/// (retries take seconds, an error-queue replay days), so the table does not grow for ever.
public sealed class InboxCleanup<TDb>(IServiceScopeFactory scopes, InboxRetention retention, ILogger<InboxCleanup<TDb>> logger) : BackgroundService
    where TDb : DbContext, IInboxDb
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await DeleteOlderThanAsync(DateTimeOffset.UtcNow - retention.Keep, stoppingToken);
                if (deleted > 0) logger.LogInformation("Inbox of {DbContext}: {Deleted} old rows deleted", typeof(TDb).Name, deleted);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Inbox clean-up of {DbContext} failed; trying again later", typeof(TDb).Name);
            }
            await Task.Delay(retention.Interval, stoppingToken);
        }
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        return await db.InboxMessages.Where(m => m.ProcessedAt < before).ExecuteDeleteAsync(ct);
    }
}

/// How long inbox rows are kept, and how often the clean-up runs.
public sealed record InboxRetention(TimeSpan Keep, TimeSpan Interval);

public static class InboxServiceCollectionExtensions
{
    /// Registers the clean-up of TDb's inbox (rows kept 14 days by default).
    public static IServiceCollection AddInbox<TDb>(this IServiceCollection services, TimeSpan? keep = null)
        where TDb : DbContext, IInboxDb
    {
        services.TryAddSingleton(new InboxRetention(keep ?? TimeSpan.FromDays(14), TimeSpan.FromHours(1)));
        services.AddSingleton<InboxCleanup<TDb>>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxCleanup<TDb>>());
        return services;
    }
}
