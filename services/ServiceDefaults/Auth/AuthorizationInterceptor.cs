using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Auth;

/// Deny by default, before any handler runs: a call needs a valid token, a tenant the token allows,
/// and a role its RPC's access option lets in. An RPC without that option is refused for everyone
/// and logged as the configuration error it is. Health and reflection (/grpc.*) stay open.
/// Registered after ErrorMappingInterceptor, which turns the exceptions into statuses; JSON
/// transcoded calls pass through here too.
public sealed class AuthorizationInterceptor(ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.", StringComparison.Ordinal)) return;
        var name = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        if (RpcAccess.Of(context.Method) is not { } access)
        {
            logger.LogError("{Method} declares no access option (region.common.v1.access) and is refused for everyone: a configuration error", context.Method);
            throw new PermissionDeniedException($"{name} declares no access policy, so nobody may call it.");
        }
        var http = context.GetHttpContext();
        // The full method name, for the audit trail (transcoded JSON calls have an HTTP path instead).
        http.RequestServices.GetRequiredService<CallerContext>().Rpc = context.Method;
        CallAuthorization.Authorize(http, access, name);
    }
}
