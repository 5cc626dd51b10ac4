using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using Api = Region.Budget.V1;

namespace Region.Budget.Grpc;

/// Answers kept between calls are serialised once, when kept, and every later call writes those
/// bytes: for a division of 200 units the 58 KB ListBudgetFrames answer's serialisation was most
/// of what a kept listing still cost per call. protobuf keeps no serialised form of a message and
/// the generated marshaller serialises on every call, so BudgetGrpcService is bound through this
/// class: the generated methods, each with a response marshaller that writes a kept message's
/// bytes when it has them and serialises any other message as before.
public static class SerializedResponses
{
    private static readonly ConditionalWeakTable<object, byte[]> Kept = new();

    /// Serialises the message now for every later send. It must never change afterwards (the
    /// bytes would no longer be the message); they live as long as the message does.
    public static T Keep<T>(T message) where T : class, IMessage
    {
        Kept.AddOrUpdate(message, message.ToByteArray());
        return message;
    }

    /// Whether sending the message writes bytes kept for it.
    public static bool IsKept(object message) => Kept.TryGetValue(message, out _);

    /// gRPC reflection and JSON transcoding look for the service's descriptor beside its bind method.
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Api.BudgetService.Descriptor;

    /// Named by BudgetGrpcService's BindServiceMethod attribute in place of the generated BudgetService.BindService.
    public static void BindService(ServiceBinderBase binder, Api.BudgetService.BudgetServiceBase service) =>
        Api.BudgetService.BindService(new KeptBytesBinder(binder), service);

    private static Method<TRequest, TResponse> WithKeptBytes<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var generated = method.ResponseMarshaller;
        var marshaller = Marshallers.Create<TResponse>((message, context) =>
        {
            if (Kept.TryGetValue(message, out var bytes)) context.Complete(bytes);
            else generated.ContextualSerializer(message, context);
        }, generated.ContextualDeserializer);
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, method.RequestMarshaller, marshaller);
    }

    /// Passes every method on, the unary ones with the kept-bytes marshaller.
    private sealed class KeptBytesBinder(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(WithKeptBytes(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);
    }
}
