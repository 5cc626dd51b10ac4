using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Region.Common.V1;
using Region.Reporting.Data;
using Region.ServiceDefaults;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A source service that can re-announce its state: its Dapr app id (also the publisher name of
/// its events: budget, goals, investments, meetings), direct address and gRPC service name (every
/// source offers `AnnounceSnapshot` with the common request and response).
public sealed record SnapshotSource(string AppId, string Address, string Service);

/// Starts a rebuild of a tenant's read model beside the live one: records it (read_model_rebuilds),
/// so from then on every event of the tenant is applied to the live model and to the shadow
/// (ReadModelConsumer), then asks every source for a snapshot. A source that cannot be reached is
/// asked again every AskAgainAfter (by RebuildMonitor) until it answers or the rebuild's deadline
/// has passed; RebuildMonitor switches once every snapshot has arrived, or fails the rebuild at its
/// deadline naming what is missing. The sources are asked with reporting's own client-credentials
/// token (role snapshot), not the caller's.
public sealed class ReadModelRebuild(IConfiguration configuration, IServiceProvider services, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<ReadModelRebuild> logger)
{
    /// How long after a failed AnnounceSnapshot a source is asked again.
    public static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(2);

    // A source may take a while to write a large snapshot. A call claims its source's row a little
    // longer than the call may last, so no other replica asks the same source meanwhile.
    static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan Claim = CallTimeout + TimeSpan.FromSeconds(5);

    public IReadOnlyList<SnapshotSource> Sources => configuration.GetSection("Sources").GetChildren()
        .Where(s => !string.IsNullOrWhiteSpace(s["Address"]) && !string.IsNullOrWhiteSpace(s["Service"]))
        .Select(s => new SnapshotSource(s.Key, s["Address"]!, s["Service"]!)).ToList();

    /// How long every snapshot may take to arrive (Reporting:Rebuild:Timeout, default 2 minutes).
    public TimeSpan Timeout => configuration.GetValue<TimeSpan?>("Reporting:Rebuild:Timeout") ?? TimeSpan.FromMinutes(2);

    /// Starts a rebuild of <paramref name="tenant"/>, the tenant <paramref name="db"/> acts for, and
    /// returns its id once every source has been asked once: a source that could not be reached
    /// leaves the rebuild running (and is asked again), one that refused reporting's token fails it.
    /// One rebuild per tenant at a time: each asks every source for all its state, so a second one
    /// at once would only double the work.
    public async Task<Guid> StartAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        // The token first: without one that may act for this tenant, nothing starts.
        var token = await TokenAsync(ct);
        if (services.GetRequiredService<ServiceToken>().TenantsOf(token) is { } tenants && !tenants.Contains(tenant, StringComparer.Ordinal))
            throw new FailedPreconditionException($"Reporting's client may not act for tenant '{tenant}': give it that tenant at the identity provider, then rebuild.");
        var sources = Sources;
        var now = clock.GetUtcNow();
        var rebuild = new RebuildRow
        {
            Tenant = tenant, RequestedBy = db.Caller.User, StartedAt = now, Deadline = now + Timeout,
            // Claimed for this call's first attempt at each source.
            Sources = sources.Select(s => new RebuildSourceRow { Source = s.AppId, Attempts = 1, NextAttemptAt = now + Claim }).ToList(),
        };
        await RecordAsync(db, rebuild, ct);
        logger.LogInformation("Read-model rebuild {Rebuild} of {Tenant} started; asking {Sources}", rebuild.Id, tenant, string.Join(", ", sources.Select(s => s.AppId)));

        var refused = new List<string>();
        foreach (var source in sources)
            if (await AskAsync(db, source, rebuild.Id, tenant, token, attempt: 1, ct) is var status && IsRefusal(status))
                refused.Add($"The {source.AppId} service refused reporting's token ({status})");
        if (refused.Count == 0) return rebuild.Id;

        // Asking again would not help: reporting's client lacks a tenant or the snapshot role there.
        var view = (await RebuildProgress.ReadAsync(db, tenant, rebuild.Id, ct))!;
        var failure = $"Not every source answered: {string.Join("; ", view.Sources.Where(s => s.Unreachable).Select(s => s.Missing))}. The live read model is unchanged.";
        await RebuildMonitor.EndAsync(scopes, view, failure, ct);
        throw new FailedPreconditionException($"{string.Join("; ", refused)}: give client reporting the tenant and the role snapshot, then rebuild.");
    }

    /// Asks again, one at a time, each source of a running rebuild that has not answered and whose
    /// next attempt is due, claiming its row first so no other replica asks it at the same time.
    public async Task AskAgainAsync(CancellationToken ct)
    {
        string? token = null;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportingDb>();
            var now = clock.GetUtcNow();
            if (!await Due(db, now).AnyAsync(ct)) return;
            // Fresh for each round of attempts, as for each rebuild (ServiceToken).
            token ??= await TokenAsync(ct);
            var claimed = await db.Database.SqlQuery<DueSource>($"""
                UPDATE read_model_rebuild_sources s SET "Attempts" = s."Attempts" + 1, "NextAttemptAt" = {now + Claim}
                FROM (SELECT d."RebuildId", d."Source", r."Tenant" FROM read_model_rebuild_sources d JOIN read_model_rebuilds r ON r."Id" = d."RebuildId"
                      WHERE r."Status" = 'running' AND d."Announced" IS NULL AND d."MarkerAt" IS NULL AND d."NextAttemptAt" <= {now}
                      ORDER BY d."NextAttemptAt" LIMIT 1 FOR UPDATE OF d SKIP LOCKED) due
                WHERE s."RebuildId" = due."RebuildId" AND s."Source" = due."Source"
                RETURNING s."RebuildId", s."Source", due."Tenant", s."Attempts"
                """).ToListAsync(ct);
            if (claimed is not [var next]) return;
            var source = Sources.FirstOrDefault(s => s.AppId == next.Source);
            if (source is null)
            {
                // Removed from the configuration since the rebuild started: it stays missing until the deadline.
                await RecordAnswerAsync(db, next.RebuildId, next.Source, null, "is no longer configured (Sources)", ct);
                continue;
            }
            await AskAsync(db, source, next.RebuildId, next.Tenant, token, next.Attempts, ct);
        }
    }

    /// The rows of running rebuilds' sources that have not answered and may be asked now.
    static IQueryable<RebuildSourceRow> Due(ReportingDb db, DateTimeOffset now) => db.RebuildSources.Where(s =>
        s.Announced == null && s.MarkerAt == null && s.NextAttemptAt <= now
        && db.Rebuilds.Any(r => r.Id == s.RebuildId && r.Status == RebuildStatus.Running));

    /// A source's row claimed for an attempt.
    sealed class DueSource
    {
        public Guid RebuildId { get; init; }
        public string Source { get; init; } = "";
        public string Tenant { get; init; } = "";
        public int Attempts { get; init; }
    }

    /// Asks one source for its snapshot of the rebuild and records the answer on its row: the events
    /// it announced, or why it failed (then it is asked again after AskAgainAfter). Returns the
    /// status the call ended with.
    async Task<StatusCode> AskAsync(ReportingDb db, SnapshotSource source, Guid rebuildId, string tenant, string token, int attempt, CancellationToken ct)
    {
        try
        {
            var announced = await AnnounceAsync(source, tenant, token, rebuildId, ct);
            await RecordAnswerAsync(db, rebuildId, source.AppId, announced, null, ct);
            if (attempt > 1) logger.LogInformation("Source {Source} answered rebuild {Rebuild} of {Tenant} at attempt {Attempt}", source.AppId, rebuildId, tenant, attempt);
            return StatusCode.OK;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            // The source's own status text is not ours to pass on; say which part is missing.
            var error = IsRefusal(e.StatusCode) ? $"refused reporting's token ({e.StatusCode})" : $"could not be reached ({e.StatusCode})";
            await RecordAnswerAsync(db, rebuildId, source.AppId, null, error, ct);
            // One warning per source and rebuild, not one every few seconds while it is away.
            if (attempt == 1) logger.LogWarning("Source {Source} {Error} for rebuild {Rebuild} of {Tenant}; asking again until the deadline", source.AppId, error, rebuildId, tenant);
            return e.StatusCode;
        }
    }

    /// Not the caller's fault and not passing with time: reporting's own client lacks a tenant or the snapshot role there.
    static bool IsRefusal(StatusCode status) => status is StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    /// Writes a source's answer, or its failure and when to ask again, while the rebuild runs (an
    /// answer after the rebuild's end changes nothing).
    Task RecordAnswerAsync(ReportingDb db, Guid rebuildId, string source, int? announced, string? error, CancellationToken ct)
    {
        DateTimeOffset? next = error is null ? null : clock.GetUtcNow() + AskAgainAfter;
        return db.Database.ExecuteSqlAsync($"""
            UPDATE read_model_rebuild_sources s SET "Announced" = {announced}, "Error" = {error}, "NextAttemptAt" = {next}
            FROM read_model_rebuilds r
            WHERE s."RebuildId" = {rebuildId} AND s."Source" = {source} AND r."Id" = s."RebuildId" AND r."Status" = 'running'
            """, ct);
    }

    // A typed HttpClient is short-lived: taken per use, not kept by this singleton.
    Task<string> TokenAsync(CancellationToken ct) => services.GetRequiredService<ServiceToken>().RequestAsync(ct);

    /// Records the running rebuild and clears what an abandoned one may have left in the shadow.
    static Task RecordAsync(ReportingDb db, RebuildRow rebuild, CancellationToken ct) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Rebuilds.Add(rebuild);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new FailedPreconditionException("A rebuild of this region's read model is already running; follow it with GetReadModelRebuild and wait for it to finish.");
        }
        // After the insert: only the tenant's one running rebuild may clear its shadow.
        await ShadowModel.DiscardAsync(db, rebuild.Tenant, ct);
        await transaction.CommitAsync(ct);
    });

    static async Task<int> AnnounceAsync(SnapshotSource source, string tenant, string token, Guid rebuildId, CancellationToken ct)
    {
        var invoker = ServiceInvocation.CreateInvoker(source.AppId, source.Address);
        var method = new Method<AnnounceSnapshotRequest, AnnounceSnapshotResponse>(MethodType.Unary, source.Service, "AnnounceSnapshot",
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotRequest.Parser.ParseFrom),
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotResponse.Parser.ParseFrom));
        var headers = new Metadata { { CallerContext.TenantHeader, tenant }, { "authorization", "Bearer " + token } };
        var response = await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow + CallTimeout, ct),
            new AnnounceSnapshotRequest { RebuildId = rebuildId.ToString() });
        return response.Events;
    }
}
