using Grpc.Core;
using Region.Common.V1;
using Region.Reporting.Data;
using Region.ServiceDefaults;
using Region.ServiceDefaults.Tenancy;

namespace Region.Reporting.Grpc;

/// A source service that can re-announce its state: its Dapr app id, direct address and gRPC
/// service name (every source offers `AnnounceSnapshot` with the common request and response).
public sealed record SnapshotSource(string AppId, string Address, string Service);

/// Wipes a tenant's read model and asks every source service for a snapshot; the snapshot's
/// events then rebuild the model through the same consumers as live changes.
public sealed class ReadModelRebuild(IConfiguration configuration)
{
    public IReadOnlyList<SnapshotSource> Sources => configuration.GetSection("Sources").GetChildren()
        .Where(s => !string.IsNullOrWhiteSpace(s["Address"]) && !string.IsNullOrWhiteSpace(s["Service"]))
        .Select(s => new SnapshotSource(s.Key, s["Address"]!, s["Service"]!)).ToList();

    public async Task<Dictionary<string, int>> RunAsync(ReportingDb db, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        await db.WipeTenantAsync(ct);
        var announced = new Dictionary<string, int>();
        foreach (var source in Sources)
        {
            var invoker = ServiceInvocation.CreateInvoker(source.AppId, source.Address);
            var method = new Method<AnnounceSnapshotRequest, AnnounceSnapshotResponse>(MethodType.Unary, source.Service, "AnnounceSnapshot",
                Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotRequest.Parser.ParseFrom),
                Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), AnnounceSnapshotResponse.Parser.ParseFrom));
            var headers = new Metadata { { CallerContext.TenantHeader, tenant }, { CallerContext.UserHeader, "reporting-rebuild" } };
            var response = await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: ct), new AnnounceSnapshotRequest());
            announced[source.AppId] = response.Events;
        }
        return announced;
    }
}
