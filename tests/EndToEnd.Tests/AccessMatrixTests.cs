using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Region.ServiceDefaults.Auth;
using Region.TestSupport;

namespace Region.EndToEnd.Tests;

/// Every RPC of the six services as processes, called with real tokens of every role in two
/// tenants: exactly the roles its access option names get past the authorisation, the others get
/// PERMISSION_DENIED. The RPCs come from the proto descriptors, so a new one is in the matrix
/// without a line here. A call that passes may still fail on its (empty) request: what counts is
/// whether it was refused for its role.
[Collection(RunningSystemCollection.Name)]
public sealed class AccessMatrixTests(RunningSystem system) : IDisposable
{
    private readonly Dictionary<string, GrpcChannel> _channels = [];

    [Fact]
    public void Every_rpc_of_every_service_declares_its_access()
    {
        var undeclared = RpcAccess.Methods.Where(m => RpcAccess.Of(m) is null).Select(RpcAccess.Path).ToList();
        Assert.True(undeclared.Count == 0, "Without (region.common.v1.access), nobody may call: " + string.Join(", ", undeclared));
        Assert.Equal(["budget", "goals", "investments", "meetings", "notifications", "reporting"], Calls.Select(c => c.Service).Distinct().Order());
    }

    /// The services that serve region.common.v1's shared rpcs (the audit trail, the dead letters).
    private static readonly string[] SharedRpcServices = ["budget", "goals", "investments", "meetings", "notifications", "reporting"];

    /// Every (service, rpc) to call: a service's own rpcs, and the shared ones on every service serving them.
    private static IEnumerable<(string Service, MethodDescriptor Method)> Calls => RpcAccess.Methods.SelectMany(m =>
        ServiceOf(m) == "common" ? SharedRpcServices.Select(s => (s, m)) : [(ServiceOf(m), m)]);

    [Fact]
    public async Task Every_role_in_two_tenants_passes_exactly_the_rpcs_its_access_allows()
    {
        string[] tenants = [Rpc.NewTenant(), Rpc.NewTenant()];
        // An admin's rebuild then really asks the sources, with reporting's own token.
        foreach (var tenant in tenants) await system.AllowServiceClientsAsync(tenant);
        var wrong = new List<string>();
        var calls = 0;
        foreach (var tenant in tenants)
        foreach (var role in RegionRoles.All)
        {
            var token = await system.TokenAsync(tenant, role);
            foreach (var (service, method) in Calls)
            {
                var allowed = RegionRoles.For(RpcAccess.Of(method) ?? default).Contains(role);
                var status = await CallAsync(service, method, token, tenantHeader: null);
                calls++;
                var right = allowed ? status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated) : status == StatusCode.PermissionDenied;
                if (!right)
                    wrong.Add($"{service} {RpcAccess.Path(method)} as {role}: {status} ({(allowed ? "allowed" : "not allowed")})");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls} calls went the wrong way:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_token_of_one_tenant_naming_another_in_x_tenant_is_refused_on_every_rpc()
    {
        var (mine, theirs) = (Rpc.NewTenant(), Rpc.NewTenant());
        var token = await system.TokenAsync(mine, RegionRoles.Admin);
        var wrong = new List<string>();
        foreach (var (service, method) in Calls)
            if (await CallAsync(service, method, token, tenantHeader: theirs) is var status && status != StatusCode.PermissionDenied)
                wrong.Add($"{service} {RpcAccess.Path(method)}: {status}");
        Assert.True(wrong.Count == 0, "Not refused:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Calls_without_a_token_or_with_a_forged_one_are_unauthenticated_on_every_rpc()
    {
        var forged = HandMadeToken.Sign(system.Identity, [Rpc.NewTenant()], [RegionRoles.Admin], forged: true);
        var wrong = new List<string>();
        foreach (var (service, method) in Calls)
        {
            if (await CallAsync(service, method, token: null, tenantHeader: null) is var none && none != StatusCode.Unauthenticated) wrong.Add($"{service} {RpcAccess.Path(method)} without a token: {none}");
            if (await CallAsync(service, method, forged, tenantHeader: null) is var bad && bad != StatusCode.Unauthenticated) wrong.Add($"{service} {RpcAccess.Path(method)} forged: {bad}");
        }
        Assert.True(wrong.Count == 0, "Not refused:\n" + string.Join("\n", wrong));
    }

    /// Calls the RPC with an empty request; returns the status (OK when it went through). A stream
    /// is read up to its first message.
    private async Task<StatusCode> CallAsync(string service, MethodDescriptor m, string? token, string? tenantHeader)
    {
        var invoker = Channel(service).CreateCallInvoker().Intercept(metadata =>
        {
            if (token is not null) metadata.Add("authorization", "Bearer " + token);
            if (tenantHeader is not null) metadata.Add("x-tenant", tenantHeader);
            return metadata;
        });
        var type = (m.IsClientStreaming, m.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<IMessage, IMessage>(type, m.Service.FullName, m.Name, Marshaller(m.InputType), Marshaller(m.OutputType));
        var request = m.InputType.Parser.ParseFrom(ByteString.Empty);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, request);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }
                    break;
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static Marshaller<IMessage> Marshaller(MessageDescriptor type) =>
        Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => type.Parser.ParseFrom(bytes));

    /// region.budget.v1 → budget (region.common.v1 → common: shared, see Calls).
    private static string ServiceOf(MethodDescriptor m) => m.File.Package.Split('.')[1];

    private GrpcChannel Channel(string service)
    {
        if (!_channels.TryGetValue(service, out var channel))
            _channels[service] = channel = GrpcChannel.ForAddress(system.ServiceProcesses[service].GrpcUrl);
        return channel;
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
    }
}
