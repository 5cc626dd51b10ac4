using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Region.Contracts.Events;
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
        var unit = await FindAsync(code, ct);
        if (unit is null)
        {
            db.OrgUnits.Add(unit = new OrgUnitReplica { Tenant = tenant, Code = code, Name = state.Name, Level = state.Level });
        }
        else if (unit.Version >= state.Version)
        {
            logger.LogDebug("Unit {Code} version {Version} ignored; replica has {Stored}", code, state.Version, unit.Version);
            if (unit.Code == code) return;
            // Even an old event tells the canonical code of a row stored before codes were canonical.
            unit.Code = code;
            unit.ParentCode = CanonicalOrNull(unit.ParentCode);
            await db.SaveChangesAsync(ct);
            return;
        }
        unit.Code = code;
        unit.Name = state.Name;
        unit.Level = state.Level;
        unit.ParentCode = CanonicalOrNull(state.ParentCode);
        unit.ClosedFromYear = state.ClosedFromYear;
        unit.SetOwner(state.Owner);
        unit.Version = state.Version;
        // A concurrent insert of the same unit fails on the unique index; the bus retries and the
        // retry finds the row.
        await db.SaveChangesAsync(ct);
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

    private static string? CanonicalOrNull(string? code) => code is null ? null : Input.Code(code);
}
