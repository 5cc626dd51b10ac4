using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Region.ServiceDefaults.Outbox;

/// The outbox's trace source and metrics; add both names to the OpenTelemetry builders.
public static class OutboxTelemetry
{
    public const string ActivitySourceName = "Region.Outbox";
    public const string MeterName = "Region.Outbox";
    /// Tag on every metric: which DbContext (service database) the outbox belongs to.
    public const string DbContextTag = "dbcontext";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "region.outbox.published", "{message}", "Events published and confirmed by the broker.");

    internal static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "region.outbox.publish_failures", "{message}", "Failed publish attempts (the row is kept and retried).");

    internal static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "region.outbox.dead_lettered", "{message}", "Rows moved to the dead-letter table after failing too often.");

    // Refreshed by each dispatcher as it loops, so a scrape never queries the database.
    static readonly ConcurrentDictionary<string, (long Count, DateTimeOffset? Oldest, long DeadLetters)> Backlogs = new();

    static OutboxTelemetry()
    {
        Meter.CreateObservableGauge("region.outbox.backlog",
            () => Backlogs.Select(b => new Measurement<long>(b.Value.Count, Tag(b.Key))),
            "{message}", "Events waiting in the outbox.");

        // Computed from the oldest row's creation time at scrape time, so it keeps growing between refreshes.
        Meter.CreateObservableGauge("region.outbox.oldest_age",
            () => Backlogs.Select(b => new Measurement<double>(AgeSeconds(b.Value.Oldest), Tag(b.Key))),
            "s", "Age of the oldest event waiting in the outbox.");

        Meter.CreateObservableGauge("region.outbox.dead_letters",
            () => Backlogs.Select(b => new Measurement<long>(b.Value.DeadLetters, Tag(b.Key))),
            "{message}", "Rows in the outbox's dead-letter table, waiting for an admin to replay or discard them.");
    }

    internal static KeyValuePair<string, object?> Tag(string dbContext) => new(DbContextTag, dbContext);

    internal static void ReportBacklog(string dbContext, long count, DateTimeOffset? oldest, long deadLetters) =>
        Backlogs[dbContext] = (count, oldest, deadLetters);

    static double AgeSeconds(DateTimeOffset? oldest) =>
        oldest is { } created ? Math.Max(0, (DateTimeOffset.UtcNow - created).TotalSeconds) : 0;
}
