using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Region.Common.V1;

namespace Region.ServiceDefaults.DeadLetters;

/// What admins did with dead letters, per source (outbox, error_queue); add MeterName to the
/// OpenTelemetry meters. How many wait: region.outbox.dead_letters and region.consumer.error_queue.messages.
public static class DeadLetterMetrics
{
    public const string MeterName = "Region.DeadLetters";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Replayed = Meter.CreateCounter<long>(
        "region.dead_letters.replayed", "{message}", "Dead letters sent again by an admin.");

    static readonly Counter<long> Discarded = Meter.CreateCounter<long>(
        "region.dead_letters.discarded", "{message}", "Dead letters dropped by an admin, with a reason in the audit trail.");

    // Refreshed by ErrorQueueDepthMonitor, so a scrape never waits on the broker.
    static readonly ConcurrentDictionary<string, long> ErrorQueueDepths = new();

    static DeadLetterMetrics()
    {
        Meter.CreateObservableGauge("region.consumer.error_queue.messages",
            () => ErrorQueueDepths.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))),
            "{message}", "Messages in the service's <queue>_error queues, which a consumer gave up after its retries.");
    }

    internal static void ReportErrorQueue(string queue, long messages) => ErrorQueueDepths[queue] = messages;

    internal static void CountReplayed(DeadLetterSource source) => Replayed.Add(1, Tag(source));

    internal static void CountDiscarded(DeadLetterSource source) => Discarded.Add(1, Tag(source));

    static KeyValuePair<string, object?> Tag(DeadLetterSource source) =>
        new("source", source == DeadLetterSource.Outbox ? "outbox" : "error_queue");
}
