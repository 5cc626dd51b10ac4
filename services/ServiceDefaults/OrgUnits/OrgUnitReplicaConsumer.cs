using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Npgsql;
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
        var entity = db.Model.FindEntityType(typeof(OrgUnitReplica))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => '"' + entity.FindProperty(property)!.GetColumnName(table)! + '"';
        string[] key = [nameof(OrgUnitReplica.Id), nameof(OrgUnitReplica.Tenant), nameof(OrgUnitReplica.Code)];
        string[] stateColumns = [nameof(OrgUnitReplica.Name), nameof(OrgUnitReplica.Level), nameof(OrgUnitReplica.ParentCode), nameof(OrgUnitReplica.ClosedFromYear),
            nameof(OrgUnitReplica.Version), nameof(OrgUnitReplica.OwnerName), nameof(OrgUnitReplica.OwnerEmail), nameof(OrgUnitReplica.DeputyName), nameof(OrgUnitReplica.DeputyEmail)];
        object?[] values = [Guid.NewGuid(), tenant, code, state.Name, state.Level, CanonicalOrNull(state.ParentCode), state.ClosedFromYear, state.Version,
            state.Owner?.Name, state.Owner?.Email, state.Owner?.DeputyName, state.Owner?.DeputyEmail];
        var version = Column(nameof(OrgUnitReplica.Version));
        var name = table.Schema is null ? $"\"{table.Name}\"" : $"\"{table.Schema}\".\"{table.Name}\"";
        var sql = $"INSERT INTO {name} AS r ({string.Join(", ", key.Concat(stateColumns).Select(Column))}) " +
            $"VALUES ({string.Join(", ", values.Select((_, i) => "@p" + i))}) " +
            $"ON CONFLICT ({Column(nameof(OrgUnitReplica.Tenant))}, {Column(nameof(OrgUnitReplica.Code))}) " +
            $"DO UPDATE SET {string.Join(", ", stateColumns.Select(Column).Select(c => $"{c} = EXCLUDED.{c}"))} WHERE r.{version} < EXCLUDED.{version}";
        // Npgsql parameters, so a null (no parent, no owner) is sent untyped and takes its column's type.
        return db.Database.ExecuteSqlRawAsync(sql, values.Select((v, i) => new NpgsqlParameter("p" + i, v ?? DBNull.Value)), ct);
    }

    private static string? CanonicalOrNull(string? code) => code is null ? null : Input.Code(code);
}
