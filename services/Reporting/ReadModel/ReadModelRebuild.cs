using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.Reporting.Data;
using Region.ServiceDefaults;
using Region.ServiceDefaults.Audit;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.ReadModel;

/// A source service that can re-announce its state: its Dapr app id, direct address and gRPC
/// service name (every source offers `AnnounceSnapshot` with the common request and response).
public sealed record SnapshotSource(string AppId, string Address, string Service);

/// Wipes a tenant's read model and asks every source service for a snapshot; the snapshot's
/// events then rebuild the model through the same consumers as live changes. The sources are asked
/// with reporting's own client-credentials token (role snapshot), not the caller's.
public sealed class ReadModelRebuild(IConfiguration configuration, IServiceProvider services)
{
    public IReadOnlyList<SnapshotSource> Sources => configuration.GetSection("Sources").GetChildren()
        .Where(s => !string.IsNullOrWhiteSpace(s["Address"]) && !string.IsNullOrWhiteSpace(s["Service"]))
        .Select(s => new SnapshotSource(s.Key, s["Address"]!, s["Service"]!)).ToList();

    readonly HashSet<string> _running = new(StringComparer.Ordinal);

    /// Rebuilds the model of <paramref name="tenant"/>, the tenant <paramref name="db"/> acts for;
    /// returns how many events each source announced. One rebuild per tenant at a time: each asks
    /// every source for all its state, so a second one at once would only double the work.
    public async Task<Dictionary<string, int>> RunAsync(ReportingDb db, string tenant, CancellationToken ct)
    {
        lock (_running)
        {
            if (!_running.Add(tenant))
                throw new FailedPreconditionException("A rebuild of this region's read model is already running; wait for it to finish.");
        }
        try
        {
            // The token first: without one that may act for this tenant, nothing is wiped.
            // A typed HttpClient is short-lived: taken per rebuild, not kept by this singleton.
            var serviceToken = services.GetRequiredService<ServiceToken>();
            var token = await serviceToken.RequestAsync(ct);
            if (serviceToken.TenantsOf(token) is { } tenants && !tenants.Contains(tenant, StringComparer.Ordinal))
                throw new FailedPreconditionException($"Reporting's client may not act for tenant '{tenant}': give it that tenant at the identity provider, then rebuild.");
            await WipeAsync(db, ct);
            return await AnnounceAsync(tenant, token, ct);
        }
        finally
        {
            lock (_running) _running.Remove(tenant);
        }
    }

    async Task<Dictionary<string, int>> AnnounceAsync(string tenant, string token, CancellationToken ct)
    {
        var announced = new Dictionary<string, int>();
        foreach (var source in Sources)
        {
            var invoker = ServiceInvocation.CreateInvoker(source.AppId, source.Address);
            var method = new Method<AnnounceSnapshotRequest, AnnounceSnapshotResponse>(MethodType.Unary, source.Service, "AnnounceSnapshot",
                Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotRequest.Parser.ParseFrom),
                Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotResponse.Parser.ParseFrom));
            var headers = new Metadata { { CallerContext.TenantHeader, tenant }, { "authorization", "Bearer " + token } };
            try
            {
                var response = await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: ct), new AnnounceSnapshotRequest());
                announced[source.AppId] = response.Events;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                // Not the caller's fault: reporting's own client lacks a tenant or the snapshot role there.
                throw new FailedPreconditionException($"The {source.AppId} service refused reporting's token ({e.StatusCode}): give client reporting the tenant and the role snapshot, then rebuild.");
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                // The source's own status text is not ours to pass on; say which part is missing.
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"The {source.AppId} service did not announce its state ({e.StatusCode}); the read model lacks its part until a rebuild succeeds."));
            }
        }
        return announced;
    }

    /// Deletes the tenant's whole read model (the DbContext's tenant filter keeps other tenants'
    /// rows). The inbox stays: snapshot events have new ids, and a redelivered old event must
    /// still change nothing. The org units stay too, with their versions reset so the snapshot's
    /// states replace them: a report keeps finding its body while the rest refills (units are
    /// closed at the source, never deleted).
    static Task WipeAsync(ReportingDb db, CancellationToken ct) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
    {
        db.ChangeTracker.Clear(); // a retried attempt must not carry the failed one's audit entry along
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = 0;
        deleted += await db.Frames.ExecuteDeleteAsync(ct);
        deleted += await db.Ledger.ExecuteDeleteAsync(ct);
        deleted += await db.Financing.ExecuteDeleteAsync(ct);
        deleted += await db.BudgetOutcomes.ExecuteDeleteAsync(ct);
        deleted += await db.Forecasts.ExecuteDeleteAsync(ct);
        deleted += await db.FrameTableImports.ExecuteDeleteAsync(ct);
        deleted += await db.Plans.ExecuteDeleteAsync(ct);
        deleted += await db.Goals.ExecuteDeleteAsync(ct);
        deleted += await db.GoalPeriods.ExecuteDeleteAsync(ct);
        deleted += await db.Activities.ExecuteDeleteAsync(ct);
        deleted += await db.Investments.ExecuteDeleteAsync(ct);
        deleted += await db.Meetings.ExecuteDeleteAsync(ct);
        await db.OrgUnits.ExecuteUpdateAsync(u => u.SetProperty(x => x.Version, 0), ct);
        await ReadModelVersion.BumpAsync(db, db.Caller.RequiredTenant, ct);
        // The rebuild's one audit entry (its read-model rows, refilled from events, are not audited):
        // who wiped the tenant's model, in the same transaction as the wipe.
        db.AuditEntries.Add(AuditRecorder.Entry(db.Caller, db.Caller.RequiredTenant, "ReadModel", db.Caller.RequiredTenant, "rebuilt",
            before: new JsonObject { ["rows"] = deleted }, after: null, at: DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    });
}
