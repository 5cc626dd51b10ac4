using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Region.ServiceDefaults.Data;

/// Listens on the service database for the notifications its triggers send as changes commit
/// (payload: the key that moved) and moves DatabaseChanges accordingly. One connection of its own,
/// outside the pool; on losing it, DatabaseChanges goes deaf (callers check the database) until
/// LISTEN is back in place.
public sealed class ChangeListener(string channel, DatabaseChanges changes, IConfiguration configuration, ILogger<ChangeListener> logger) : BackgroundService
{
    /// How long a silent connection goes unchecked: a connection lost without a word (no RST) is
    /// noticed within this and the ping's timeout (5 s).
    public static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(2);

    /// The connection's application_name, so an operator (or a test) can find it in pg_stat_activity.
    public const string ApplicationName = "change-listener";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Database"))
        {
            ApplicationName = ApplicationName,
            Pooling = false,
            KeepAlive = 5,
            CommandTimeout = 5,
        }.ConnectionString;
        var retry = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, n) => changes.Moved(n.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                changes.Listen();
                logger.LogInformation("Listening for committed changes on {Channel}", channel);
                retry = TimeSpan.FromMilliseconds(200);
                while (true)
                {
                    if (await connection.WaitAsync(PingEvery, stoppingToken)) continue;
                    // Nothing arrived for a while: make sure the connection is still there.
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                changes.Deaf();
                logger.LogWarning(e, "Not listening on {Channel}; reads check the database until it is back (retry in {Retry})", channel, retry);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = TimeSpan.FromMilliseconds(Math.Min(retry.TotalMilliseconds * 2, 5000));
            }
        }
        changes.Deaf();
    }
}

public static class ChangeListenerExtensions
{
    /// DatabaseChanges, moved by the notifications the service database's triggers send on `channel`.
    public static IServiceCollection AddDatabaseChanges(this IServiceCollection services, string channel)
    {
        services.AddSingleton<DatabaseChanges>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ChangeListener>(sp, channel));
        return services;
    }
}
