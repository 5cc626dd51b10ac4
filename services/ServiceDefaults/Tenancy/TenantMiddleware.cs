using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.ServiceDefaults.Tenancy;

/// Resolves the caller from the request headers for gRPC and JSON calls alike (gRPC metadata are
/// HTTP/2 headers). `Tenancy:DefaultTenant` may name a tenant for callers that send none.
public sealed class TenantMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly string? _defaultTenant = configuration["Tenancy:DefaultTenant"];

    public Task InvokeAsync(HttpContext http, CallerContext caller)
    {
        var tenant = http.Request.Headers[CallerContext.TenantHeader].ToString();
        caller.Tenant = string.IsNullOrWhiteSpace(tenant) ? _defaultTenant : tenant.Trim();
        var user = http.Request.Headers[CallerContext.UserHeader].ToString();
        if (!string.IsNullOrWhiteSpace(user)) caller.User = user.Trim();
        return next(http);
    }
}

/// Refuses a service call that names no tenant, before any handler could touch data.
public sealed class RequireTenantInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    private static void Check(ServerCallContext context)
    {
        // Health and reflection are infrastructure: they serve every tenant.
        if (context.Method.StartsWith("/grpc.", StringComparison.Ordinal)) return;
        var caller = context.GetHttpContext().RequestServices.GetService(typeof(CallerContext)) as CallerContext;
        if (string.IsNullOrEmpty(caller?.Tenant))
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"No tenant: send the '{CallerContext.TenantHeader}' metadata header."));
        // Checked here, once, so no handler ever stores a tenant its column cannot hold.
        var v = new Violations();
        if (!Input.CheckCode(caller.Tenant, CallerContext.TenantHeader, v, max: CallerContext.MaxTenantLength))
            throw new ValidationFailedException(v.Items);
    }
}
