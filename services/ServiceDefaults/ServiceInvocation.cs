using System.Collections.Concurrent;
using Dapr.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace Region.ServiceDefaults;

/// The one way a service calls another: through Dapr service invocation when a sidecar is there
/// (DAPR_GRPC_ENDPOINT set), over a plain gRPC channel to the service's own address otherwise.
public static class ServiceInvocation
{
    private static readonly ConcurrentDictionary<string, GrpcChannel> Channels = new();

    public static bool UsesDapr => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DAPR_GRPC_ENDPOINT"));

    /// A call invoker for the service with this Dapr app id, or at this address without Dapr.
    public static CallInvoker CreateInvoker(string appId, string directAddress) =>
        CreateInvoker(appId, directAddress, Environment.GetEnvironmentVariable("DAPR_GRPC_ENDPOINT"));

    /// The same switch with the sidecar's endpoint given (null or empty: no sidecar).
    public static CallInvoker CreateInvoker(string appId, string directAddress, string? dapr)
    {
        if (!string.IsNullOrWhiteSpace(dapr))
            return DaprClient.CreateInvocationInvoker(appId, dapr, Environment.GetEnvironmentVariable("DAPR_API_TOKEN"));
        return Channels.GetOrAdd(directAddress, a => GrpcChannel.ForAddress(a)).CreateCallInvoker();
    }
}
