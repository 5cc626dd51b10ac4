using System.Diagnostics.Metrics;
using Region.Common.V1;

namespace Region.ServiceDefaults.DeadLetters;

/// What admins did with dead letters, per source (outbox, error_queue); add MeterName to the
/// OpenTelemetry meters. How many wait is region.outbox.dead_letters and the broker's queue depth.
public static class DeadLetterMetrics
{
    public const string MeterName = "Region.DeadLetters";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Replayed = Meter.CreateCounter<long>(
        "region.dead_letters.replayed", "{message}", "Dead letters sent again by an admin.");

    static readonly Counter<long> Discarded = Meter.CreateCounter<long>(
        "region.dead_letters.discarded", "{message}", "Dead letters dropped by an admin, with a reason in the audit trail.");

    internal static void CountReplayed(DeadLetterSource source) => Replayed.Add(1, Tag(source));

    internal static void CountDiscarded(DeadLetterSource source) => Discarded.Add(1, Tag(source));

    static KeyValuePair<string, object?> Tag(DeadLetterSource source) =>
        new("source", source == DeadLetterSource.Outbox ? "outbox" : "error_queue");
}
