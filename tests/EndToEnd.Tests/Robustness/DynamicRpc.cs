using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Region.EndToEnd.Tests.Robustness;

/// Calls a unary RPC known only by its descriptor, so the robustness test needs no generated client.
public static class DynamicRpc
{
    public static async Task<IMessage> CallAsync(CallInvoker invoker, MethodDescriptor rpc, IMessage request, CallOptions options)
    {
        var method = new Method<IMessage, IMessage>(MethodType.Unary, rpc.Service.FullName, rpc.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), _ => throw new NotSupportedException()),
            Marshallers.Create(_ => throw new NotSupportedException(), bytes => rpc.OutputType.Parser.ParseFrom(bytes)));
        return await invoker.AsyncUnaryCall(method, null, options, request);
    }

    /// The unary RPCs of a service; streaming ones are left to their own tests.
    public static IEnumerable<MethodDescriptor> Unary(ServiceDescriptor service) =>
        service.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming);
}
