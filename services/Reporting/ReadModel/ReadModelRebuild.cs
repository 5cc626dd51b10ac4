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
/// (ReadModelConsumer), then asks every source for a snapshot. RebuildMonitor switches once every
/// snapshot has arrived, or fails the rebuild at its deadline. The sources are asked with
/// reporting's own client-credentials token (role snapshot), not the caller's.
public sealed class ReadModelRebuild(IConfiguration configuration, IServiceProvider services, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<ReadModelRebuild> logger)
{
    public IReadOnlyList<SnapshotSource> Sources => configuration.GetSection("Sources").GetChildren()
        .Where(s => !string.IsNullOrWhiteSpace(s["Address"]) && !string.IsNullOrWhiteSpace(s["Service"]))
        .Select(s => new SnapshotSource(s.Key, s["Address"]!, s["Service"]!)).ToList();

    /// How long every snapshot may take to arrive (Reporting:Rebuild:Timeout, default 2 minutes).
    public TimeSpan Timeout => configuration.GetValue<TimeSpan?>("Reporting:Rebuild:Timeout") ?? TimeSpan.FromMinutes(2);

    /// Starts a rebuild of <paramref name="tenant"/>, the tenant <paramref name="db"/> acts for, and
    /// returns its id once every source has answered. One rebuild per tenant at a time: each asks
    /// every source for all its state, so a second one at once would only double the work.
    public async Task<Guid> StartAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        // The token first: without one that may act for this tenant, nothing starts.
        // A typed HttpClient is short-lived: taken per rebuild, not kept by this singleton.
        var serviceToken = services.GetRequiredService<ServiceToken>();
        var token = await serviceToken.RequestAsync(ct);
        if (serviceToken.TenantsOf(token) is { } tenants && !tenants.Contains(tenant, StringComparer.Ordinal))
            throw new FailedPreconditionException($"Reporting's client may not act for tenant '{tenant}': give it that tenant at the identity provider, then rebuild.");
        var sources = Sources;
        var now = clock.GetUtcNow();
        var rebuild = new RebuildRow
        {
            Tenant = tenant, RequestedBy = db.Caller.User, StartedAt = now, Deadline = now + Timeout,
            Sources = sources.Select(s => new RebuildSourceRow { Source = s.AppId }).ToList(),
        };
        await RecordAsync(db, rebuild, ct);
        logger.LogInformation("Read-model rebuild {Rebuild} of {Tenant} started; asking {Sources}", rebuild.Id, tenant, string.Join(", ", sources.Select(s => s.AppId)));

        var refused = new List<string>();
        foreach (var (source, row) in sources.Zip(rebuild.Sources))
        {
            try
            {
                row.Announced = await AnnounceAsync(source, tenant, token, rebuild.Id, ct);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                // Not the caller's fault: reporting's own client lacks a tenant or the snapshot role there.
                row.Error = $"refused reporting's token ({e.StatusCode})";
                refused.Add($"The {source.AppId} service refused reporting's token ({e.StatusCode})");
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                // The source's own status text is not ours to pass on; say which part is missing.
                row.Error = $"could not be reached ({e.StatusCode})";
            }
        }
        await db.SaveChangesAsync(ct);
        var unreachable = rebuild.Sources.Where(s => s.Error is not null).ToList();
        if (unreachable.Count == 0) return rebuild.Id;

        var view = await RebuildProgress.ReadAsync(db, rebuild, ct);
        var failure = $"Not every source answered: {string.Join("; ", view.Sources.Where(s => s.Error is not null).Select(s => s.Missing))}. The live read model is unchanged.";
        await RebuildMonitor.EndAsync(scopes, view, failure, ct);
        if (refused.Count > 0)
            throw new FailedPreconditionException($"{string.Join("; ", refused)}: give client reporting the tenant and the role snapshot, then rebuild.");
        throw new RpcException(new Status(StatusCode.Unavailable,
            $"The {string.Join(", ", unreachable.Select(s => s.Source))} service(s) could not be reached; the rebuild failed and the live read model is unchanged. Rebuild again once they are back."));
    }

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
        var response = await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30), ct),
            new AnnounceSnapshotRequest { RebuildId = rebuildId.ToString() });
        return response.Events;
    }
}
