namespace Region.Reporting.ReadModel;

/// Asks the sources of running rebuilds that could not be reached again, every
/// ReadModelRebuild.AskAgainAfter, until they answer or the rebuild ends (RebuildMonitor fails it
/// at its deadline naming them). Every replica runs one; each attempt claims its source's row.
public sealed class UnansweredSources(ReadModelRebuild rebuild, TimeProvider clock, ILogger<UnansweredSources> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await rebuild.AskAgainAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the identity provider may be away; the sources wait in their rows.
                logger.LogWarning(e, "Asking the unanswered sources of the running read-model rebuilds failed; trying again");
            }
            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
