using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Reporting.Data;
using Region.Reporting.Domain;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Events;

/// The base of the read-model consumers: idempotent through the inbox, and announcing each
/// applied change to the report watchers once it has committed.
public abstract class ReadModelConsumer<TEvent>(ReportingDb db, CallerContext caller, ReadModelChanges changes)
    : IdempotentConsumer<ReportingDb, TEvent>(db, caller)
    where TEvent : class, IIntegrationEvent
{
    protected override void Committed(IIntegrationEvent message) => changes.Notify(message);

    /// Applies an incoming state to the row found by <paramref name="find"/> (created when missing)
    /// unless the row already holds this or a newer version.
    protected async Task UpsertAsync<TRow>(DbSet<TRow> set, System.Linq.Expressions.Expression<Func<TRow, bool>> find,
        Func<TRow> create, int version, Action<TRow> apply, CancellationToken ct)
        where TRow : class, IVersioned
    {
        var row = await set.SingleOrDefaultAsync(find, ct);
        if (row is null) set.Add(row = create());
        else if (row.Version >= version) return;
        apply(row);
        row.Version = version;
    }

    /// Both frame events carry the frame's whole state.
    protected Task UpsertFrameAsync(FrameState frame, CancellationToken ct) => UpsertAsync(Db.Frames,
        f => f.UnitCode == frame.UnitCode && f.Year == frame.Year,
        () => new FrameRow { UnitCode = frame.UnitCode, Year = frame.Year, Category = frame.Category, Current = frame.Current },
        frame.Version, f =>
        {
            f.Category = frame.Category;
            f.OpeningNet = frame.Opening.Net;
            f.Current = frame.Current;
            f.MonthlyWeights = frame.MonthlyWeights?.ToArray();
        }, ct);
}
