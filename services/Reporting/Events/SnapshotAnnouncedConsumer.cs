using MassTransit;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// Records on the running rebuild that asked for it that a source's snapshot has ended (its
/// marker), and which of its events the shadow must hold before the switch: those of the types
/// the read-model consumers apply. A marker of a rebuild that no longer runs changes nothing.
public sealed class SnapshotAnnouncedConsumer(ReportingDb db, CallerContext caller, ILogger<SnapshotAnnouncedConsumer> logger)
    : IConsumer<BudgetSnapshotAnnounced>, IConsumer<GoalsSnapshotAnnounced>, IConsumer<InvestmentsSnapshotAnnounced>, IConsumer<MeetingsSnapshotAnnounced>
{
    /// The event types the read-model consumers apply; the others a snapshot carries (budget's
    /// units and year closings, goals' indicator outcomes, ...) are not waited for.
    public static readonly IReadOnlySet<string> Applied = typeof(SnapshotAnnouncedConsumer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && IsReadModelConsumer(t))
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0].Name)
        .ToHashSet(StringComparer.Ordinal);

    public Task Consume(ConsumeContext<BudgetSnapshotAnnounced> context) => RecordAsync(context.Message, context.CancellationToken);
    public Task Consume(ConsumeContext<GoalsSnapshotAnnounced> context) => RecordAsync(context.Message, context.CancellationToken);
    public Task Consume(ConsumeContext<InvestmentsSnapshotAnnounced> context) => RecordAsync(context.Message, context.CancellationToken);
    public Task Consume(ConsumeContext<MeetingsSnapshotAnnounced> context) => RecordAsync(context.Message, context.CancellationToken);

    async Task RecordAsync(ISnapshotAnnounced marker, CancellationToken ct)
    {
        (caller.Tenant, caller.User, caller.Rpc) = (marker.Tenant, "system:" + nameof(SnapshotAnnouncedConsumer), "consume " + marker.GetType().Name);
        var source = EventPublisher.Of(marker.GetType())!;
        if (!Guid.TryParse(marker.RebuildId, out var rebuildId)
            || !await db.Rebuilds.AnyAsync(r => r.Id == rebuildId && r.Tenant == marker.Tenant && r.Status == RebuildStatus.Running, ct)
            || await db.RebuildSources.SingleOrDefaultAsync(s => s.RebuildId == rebuildId && s.Source == source, ct) is not { } row)
        {
            logger.LogInformation("Snapshot marker of {Source} for rebuild {Rebuild} of {Tenant} ignored: no such rebuild runs", source, marker.RebuildId, marker.Tenant);
            return;
        }
        // Setting the same values again is harmless, so a redelivered marker needs no inbox.
        row.MarkerAt = marker.OccurredAt;
        row.Expected = marker.EventIds.Where(e => Applied.Contains(e.Key)).SelectMany(e => e.Value).Distinct().ToList();
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Snapshot of {Source} for rebuild {Rebuild} of {Tenant} ended: {Expected} of its {Events} events to apply",
            source, rebuildId, marker.Tenant, row.Expected.Count, marker.Events);
    }

    static bool IsReadModelConsumer(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ReadModelConsumer<>)) return true;
        return false;
    }
}
