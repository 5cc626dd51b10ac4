using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Region.Contracts.Events;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Inbox;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.OrgUnits;

/// Keeps the org-unit replica of TDb current from the budget service's unit events. Each event
/// carries the unit's whole state and version, so applying only newer versions makes delivery
/// order and redelivery harmless.
public sealed class OrgUnitReplicaConsumer<TDb>(TDb db, CallerContext caller, ILogger<OrgUnitReplicaConsumer<TDb>> logger)
    : IConsumer<OrgUnitCreated>, IConsumer<OrgUnitRenamed>, IConsumer<OrgUnitClosed>, IConsumer<OrgUnitOwnerChanged>
    where TDb : DbContext, IOrgUnitReplicaDb
{
    public Task Consume(ConsumeContext<OrgUnitCreated> context) => ApplyOnceAsync(context.Message, context.Message.Unit, context.CancellationToken);
    public Task Consume(ConsumeContext<OrgUnitRenamed> context) => ApplyOnceAsync(context.Message, context.Message.Unit, context.CancellationToken);
    public Task Consume(ConsumeContext<OrgUnitClosed> context) => ApplyOnceAsync(context.Message, context.Message.Unit, context.CancellationToken);
    public Task Consume(ConsumeContext<OrgUnitOwnerChanged> context) => ApplyOnceAsync(context.Message, context.Message.Unit, context.CancellationToken);

    /// Where the service has an inbox (reporting), the event id is stored in the same transaction,
    /// so a redelivery changes nothing even before the version check; elsewhere the version decides.
    private async Task ApplyOnceAsync(IIntegrationEvent message, OrgUnitState state, CancellationToken ct)
    {
        caller.Rpc = "consume " + message.GetType().Name;
        if (db is IInboxDb inbox)
        {
            caller.Tenant = message.Tenant;
            await InboxDbExtensions.ApplyOnceAsync(db, inbox, message.EventId, "OrgUnitReplicaConsumer", c => ApplyAsync(message.Tenant, state, c), ct);
        }
        else await ApplyAsync(message.Tenant, state, ct);
    }

    private async Task ApplyAsync(string tenant, OrgUnitState state, CancellationToken ct)
    {
        // The DbContext's tenant filter reads the caller, so it must name the event's tenant first.
        caller.Tenant = tenant;
        caller.User = "system:org-unit-replica";
        var code = Input.Code(state.Code);
        // Even an old event tells the canonical code of a row stored before codes were canonical.
        if (await FindAsync(code, ct) is { } legacy && legacy.Code != code)
        {
            legacy.Code = code;
            legacy.ParentCode = CanonicalOrNull(legacy.ParentCode);
            await db.SaveChangesAsync(ct);
        }
        if (await UpsertAsync(tenant, code, state, ct) == 0)
            logger.LogDebug("Unit {Code} version {Version} ignored; the replica has that version or a newer one", code, state.Version);
        else
            logger.LogInformation("Replica unit {Code} now at version {Version}", code, state.Version);
    }

    /// The replica of the unit with this canonical code. A row stored before codes were canonical
    /// may differ in case: only when the exact code is missing (a new unit, or such a row) is it
    /// looked for by its upper-case form. Of two such rows (the budget service once let that
    /// happen) the newest is kept and the others removed.
    private async Task<OrgUnitReplica?> FindAsync(string code, CancellationToken ct)
    {
        if (await db.OrgUnits.SingleOrDefaultAsync(u => u.Code == code, ct) is { } exact) return exact;
        var legacy = await db.OrgUnits.Where(u => u.Code.ToUpper() == code).OrderByDescending(u => u.Version).ToListAsync(ct);
        foreach (var duplicate in legacy.Skip(1))
        {
            logger.LogWarning("Replica unit {Duplicate} removed: it duplicates {Code} but for case", duplicate.Code, code);
            db.OrgUnits.Remove(duplicate);
        }
        return legacy.FirstOrDefault();
    }

    /// The unit's row inserted, or updated when the event's version is newer, in one statement.
    /// Events of one unit are consumed at the same time (a backlog after a restart, a rebuild's
    /// snapshot beside live events): read-then-write would let two inserts collide on the unique
    /// index (into the bus's retries, hundreds of times for a whole tree) and an older update
    /// overwrite a newer one. Here PostgreSQL orders them on the row. Returns the rows written (0: ignored).
    private Task<int> UpsertAsync(string tenant, string code, OrgUnitState state, CancellationToken ct)
    {
        var row = new OrgUnitReplica
        {
            Tenant = tenant, Code = code, Name = state.Name, Level = state.Level, ParentCode = CanonicalOrNull(state.ParentCode),
            ClosedFromYear = state.ClosedFromYear, Version = state.Version,
        };
        row.SetOwner(state.Owner);
        return RowStatement.For<OrgUnitReplica>(db).ExecuteAsync(db, [row], KeyOfCode, nameof(OrgUnitReplica.Version), null, ct);
    }

    private static readonly IReadOnlySet<string> KeyOfCode = RowStatement.KeyMembers<OrgUnitReplica>(u => u.Code);

    private static string? CanonicalOrNull(string? code) => code is null ? null : Input.Code(code);
}
