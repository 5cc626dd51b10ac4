using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Grpc;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// region.budget.v1.BudgetService: validates each request as a whole, changes the model and
/// writes the events to the outbox in the same SaveChanges, so a rejected request writes nothing
/// and an accepted one is always announced. One partial per resource (.Units, .Frames,
/// .Financing, .Imports, .Outcomes, .Years, .Snapshot); the rules live in Domain/, the event
/// payloads in Events/. This part holds the steps they share.
[BindServiceMethod(typeof(SerializedResponses), nameof(SerializedResponses.BindService))]
public sealed partial class BudgetGrpcService(BudgetDb db, OrgTreeCache trees, SubtreeFramesCache subtreeFrames, FrameCache frameCache, DatabaseChanges changes, RequestContext caller, CallerContext token, StreamLimiter streams, ILogger<BudgetGrpcService> logger)
    : Api.BudgetService.BudgetServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private async Task<OrgTree> LoadTreeAsync(CancellationToken ct) => WarnOfDuplicates(await trees.GetAsync(db, ct));

    /// The tree when its version has just been read (BudgetVersions).
    private async Task<OrgTree> LoadTreeAsync(TreeVersion version, CancellationToken ct) => WarnOfDuplicates(await trees.GetAsync(db, version, ct));

    private OrgTree WarnOfDuplicates(OrgTree tree)
    {
        if (tree.Duplicates.Count > 0)
            logger.LogWarning("Tenant {Tenant} has units whose codes differ only in case, left out of the tree: {Codes}", caller.Tenant, tree.Duplicates);
        return tree;
    }

    private static OrgUnit RequireUnit(OrgTree tree, string code) =>
        tree.Find(code) ?? throw UnknownUnit.Error(code, tree.Codes);

    /// Unit scope (docs/security.md): a caller limited to one unit changes only that unit and the
    /// units below it. Every unit a request changes is checked before anything is written.
    private void RequireInScope(OrgTree tree, params IEnumerable<OrgUnit> units)
    {
        foreach (var unit in units) UnitScope.RequireWithin(token, unit.Code, tree.IsWithin);
    }

    private async Task<BudgetFrame> RequireFrameAsync(OrgUnit unit, int year, CancellationToken ct) =>
        await FrameToChange(db, unit.Id, year, ct) ?? throw NoFrame(unit, year);

    /// A frame, tracked for a change (every write about a frame: compiled once, as FrameToRead).
    private static readonly Func<BudgetDb, Guid, int, CancellationToken, Task<BudgetFrame?>> FrameToChange =
        EF.CompileAsyncQuery((BudgetDb db, Guid unitId, int year, CancellationToken _) =>
            db.Frames.SingleOrDefault(f => f.UnitId == unitId && f.Year == year));

    private static NotFoundException NoFrame(OrgUnit unit, int year) => new($"Unit {unit.Code} has no frame for {year}; open one first (OpenFrame, regionctl open-frame).");

    /// A frame, read-only (GetFrame, the most frequent read: compiled once).
    private static readonly Func<BudgetDb, Guid, int, CancellationToken, Task<BudgetFrame?>> FrameToRead =
        EF.CompileAsyncQuery((BudgetDb db, Guid unitId, int year, CancellationToken _) =>
            db.Frames.AsNoTracking().SingleOrDefault(f => f.UnitId == unitId && f.Year == year));

    /// The frames of the units in a year, by unit id, read-only.
    private async Task<Dictionary<Guid, BudgetFrame>> LoadFramesAsync(List<Guid> unitIds, int year, CancellationToken ct) =>
        await db.Frames.AsNoTracking()
            .Where(f => f.Year == year && unitIds.Contains(f.UnitId))
            .ToDictionaryAsync(f => f.UnitId, ct);

    /// Saves a change to budget years in one transaction that first takes a shared lock on each
    /// year and checks that it is open. CloseYear takes the same lock exclusively, so a year never
    /// closes between a write's check and its commit: the write commits before the close, or
    /// waits for it and is refused (FAILED_PRECONDITION).
    /// `copyFirst` writes what an import bulk-inserts (BulkInsert), in the same transaction, before the tracked changes.
    private async Task SaveInOpenYearsAsync(IEnumerable<int> years, CancellationToken ct, Func<Task>? copyFirst = null)
    {
        var yearList = years.ToList();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A failed SaveChanges fails the change whole (the strategy retries the transaction), so
            // EF's savepoint around it would only cost two round trips per write.
            db.Database.AutoSavepointsEnabled = false;
            await LockOpenYearsAsync(yearList, ct);
            if (copyFirst is not null) await copyFirst();
            // Changes stay pending until the commit, so a retried attempt saves them again.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.AcceptAllChanges();
    }

    /// Inside a transaction: a shared lock on each year (in order, so two writers never deadlock),
    /// each followed by the check that the year is open; FAILED_PRECONDITION if one is closed. One
    /// round trip for all: the statements of a batch run one after the other, each with a snapshot
    /// of its own (READ COMMITTED), so a check sees a close that committed while its lock waited.
    private async Task LockOpenYearsAsync(IEnumerable<int> years, CancellationToken ct)
    {
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var year in years.Distinct().Order())
        {
            batch.BatchCommands.Add(TenantAndYear("SELECT pg_advisory_xact_lock_shared(hashtext($1), $2)", year));
            batch.BatchCommands.Add(TenantAndYear("""SELECT "Year", "ClosedAt" FROM budget_years WHERE "Tenant" = $1 AND "Year" = $2 AND "ClosedAt" IS NOT NULL""", year));
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            if (reader.FieldCount == 2 && await reader.ReadAsync(ct))
                throw new FailedPreconditionException($"The budget year {reader.GetInt32(0)} was closed on {reader.GetFieldValue<DateTimeOffset>(1):yyyy-MM-dd}; it cannot change.");
        } while (await reader.NextResultAsync(ct));
    }

    private NpgsqlBatchCommand TenantAndYear(string sql, int year) =>
        new(sql) { Parameters = { new() { Value = caller.Tenant }, new() { Value = year } } };

    /// A transaction-scoped exclusive advisory lock on the tenant's year, for closing it: writes to
    /// the year take it shared (LockOpenYearsAsync).
    private Task LockYearExclusivelyAsync(int year, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({caller.Tenant}), {year})", ct);

    /// An insert that lost a race with a concurrent one for the same row (a unique index refused it).
    /// From SaveChanges (a DbUpdateException) or from a bulk insert's COPY (the PostgresException itself).
    private static bool IsUniqueViolation(Exception e) =>
        ((e as DbUpdateException)?.InnerException ?? e) is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// The first checks of a call about one unit (or body) and a year: both are required.
    private static Violations CodeAndYear(string code, int year, string field = "unit_code")
    {
        var v = new Violations();
        OrgUnit.CheckCode(code, field, v);
        Input.CheckYear(year, "year", v);
        return v;
    }
}
