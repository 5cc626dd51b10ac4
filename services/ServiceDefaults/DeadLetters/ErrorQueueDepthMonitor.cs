using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Region.ServiceDefaults.DeadLetters;

/// Counts the messages waiting in each of the service's error queues every <see cref="Interval"/>
/// (one passive declare per queue on the service's own broker connection) for the gauge
/// region.consumer.error_queue.messages, so a poison message shows in the metrics for as long as it
/// sits there, not only as the failure that put it there.
public sealed class ErrorQueueDepthMonitor(ErrorQueues errorQueues, ILogger<ErrorQueueDepthMonitor> logger) : BackgroundService
{
    /// Modest: a few cheap AMQP calls per service; an alert waits minutes anyway.
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failing = false;
        do
        {
            try
            {
                foreach (var queue in errorQueues.Names)
                    DeadLetterMetrics.ReportErrorQueue(queue, await errorQueues.CountAsync(queue, stoppingToken));
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker is away (its health entry says so): the last figures stand, the messages are still there.
                if (!failing)
                    logger.LogWarning("Error queue depths not refreshed: {Error}", e.Message);
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
