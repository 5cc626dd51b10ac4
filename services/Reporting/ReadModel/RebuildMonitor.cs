using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Region.Reporting.Data;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// Watches the running rebuilds of every tenant: switches one to its shadow once every source's
/// snapshot has arrived, fails it (discarding the shadow) once its deadline has passed, and asks the
/// sources that could not be reached again (ReadModelRebuild.AskAgainAsync). Every replica runs
/// one; whichever claims the rebuild's row (or a source's row) first acts on it. With no rebuild
/// running, a round is one query.
public sealed class RebuildMonitor(IServiceScopeFactory scopes, TimeProvider clock, ReadModelChanges changes, ReadModelRebuild rebuilds,
    ILogger<RebuildMonitor> logger)
    : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the identity provider may be away for a while; the rebuilds wait in their rows.
                logger.LogWarning(e, "Checking the running read-model rebuilds failed; trying again");
            }
            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    async Task CheckAsync(CancellationToken ct)
    {
        List<RebuildView> views;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportingDb>();
            var running = await db.Rebuilds.AsNoTracking().Include(r => r.Sources).Where(r => r.Status == RebuildStatus.Running).ToListAsync(ct);
            views = [];
            foreach (var rebuild in running) views.Add(await RebuildProgress.ReadAsync(db, rebuild, ct));
        }
        if (views.Count == 0) return;
        foreach (var view in views)
        {
            if (view.Complete)
            {
                if (await EndAsync(scopes, view, failure: null, ct)) changes.Changed(view.Rebuild.Tenant);
            }
            else if (clock.GetUtcNow() > view.Rebuild.Deadline)
            {
                var missing = string.Join("; ", view.Sources.Where(s => !s.Done).Select(s => s.Missing));
                await EndAsync(scopes, view, $"Timed out waiting for {missing}. The live read model is unchanged; rebuild again once the source is back.", ct);
            }
        }
        await rebuilds.AskAgainAsync(ct);
    }

    /// Ends a running rebuild: with no failure it replaces the tenant's live read model with the
    /// shadow, else it discards the shadow and records why. Returns false when it was no longer
    /// running (another replica, or the rpc, ended it first).
    public static async Task<bool> EndAsync(IServiceScopeFactory scopes, RebuildView view, string? failure, CancellationToken ct)
    {
        var rebuild = view.Rebuild;
        await using var scope = scopes.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<CallerContext>();
        (caller.Tenant, caller.User, caller.Rpc) = (rebuild.Tenant, rebuild.RequestedBy, failure is null ? "rebuild: switch" : "rebuild: fail");
        var db = scope.ServiceProvider.GetRequiredService<ReportingDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<RebuildMonitor>>();
        var ended = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var status = failure is null ? RebuildStatus.Done : RebuildStatus.Failed;
            var now = DateTimeOffset.UtcNow;
            // Waits for the consumers applying an event to this rebuild (they hold the row FOR SHARE).
            var claimed = await db.Database.ExecuteSqlAsync($"""
                UPDATE read_model_rebuilds SET "Status" = {status}, "Failure" = {failure}, "FinishedAt" = {now}
                WHERE "Id" = {rebuild.Id} AND "Status" = 'running'
                """, ct);
            if (claimed == 0) return false;
            foreach (var source in view.Sources)
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE read_model_rebuild_sources SET "ReceivedAtEnd" = {source.Received} WHERE "RebuildId" = {rebuild.Id} AND "Source" = {source.Source}
                    """, ct);
            if (failure is null)
            {
                var replaced = await ShadowModel.SwitchAsync(db, rebuild.Tenant, ct);
                // The rebuild's one audit entry (its read-model rows, refilled from events, are not audited).
                db.AuditEntries.Add(AuditRecorder.Entry(caller, rebuild.Tenant, "ReadModel", rebuild.Tenant, "rebuilt",
                    before: new JsonObject { ["rows"] = replaced }, after: new JsonObject { ["rebuild"] = rebuild.Id.ToString() }, at: now));
                await db.SaveChangesAsync(ct);
            }
            else await ShadowModel.DiscardAsync(db, rebuild.Tenant, ct);
            await db.Database.ExecuteSqlAsync($"""DELETE FROM read_model_rebuild_events WHERE "RebuildId" = {rebuild.Id}""", ct);
            await transaction.CommitAsync(ct);
            return true;
        });
        if (!ended) return false;
        if (failure is null) logger.LogInformation("Read model of {Tenant} switched to rebuild {Rebuild}", rebuild.Tenant, rebuild.Id);
        else logger.LogWarning("Read-model rebuild {Rebuild} of {Tenant} failed: {Failure}", rebuild.Id, rebuild.Tenant, failure);
        return true;
    }
}
