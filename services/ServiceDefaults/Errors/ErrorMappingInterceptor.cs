using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Region.ServiceDefaults.Errors;

/// Turns the domain's exceptions (and the database's concurrency and uniqueness errors) into gRPC
/// status codes with rich details, so no service writes its own try/catch around every call.
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Map(e, context.Method) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Map(e, context.Method) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e, context.Method) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception e, string method)
    {
        var mapped = ToRpcException(e);
        if (mapped is not null)
            logger.LogInformation("{Method} rejected: {Code} {Message}", method, mapped.StatusCode, mapped.Status.Detail);
        return mapped;
    }

    /// The status a caller sees for an exception, or null when it is not one we report on purpose.
    public static RpcException? ToRpcException(Exception e) => e switch
    {
        ValidationFailedException v => BadRequest(v),
        NotFoundException => Status(Code.NotFound, e.Message),
        AlreadyExistsException => Status(Code.AlreadyExists, e.Message),
        FailedPreconditionException => Status(Code.FailedPrecondition, e.Message),
        ConcurrencyConflictException => Status(Code.Aborted, e.Message),
        DbUpdateConcurrencyException => Status(Code.Aborted, "The resource was changed by someone else; read it again and retry."),
        DbUpdateException { InnerException: PostgresException pg } => FromPostgres(pg),
        PostgresException pg => FromPostgres(pg),
        _ => null,
    };

    private static RpcException? FromPostgres(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Status(Code.AlreadyExists, $"Already exists ({pg.ConstraintName})."),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected =>
            Status(Code.Aborted, "A concurrent change conflicted with this one; retry."),
        _ => null,
    };

    private static RpcException Status(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }.ToRpcException();

    private static RpcException BadRequest(ValidationFailedException v)
    {
        var details = new BadRequest();
        details.FieldViolations.AddRange(v.Violations.Select(x =>
            new BadRequest.Types.FieldViolation { Field = x.Field, Description = x.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = v.Violations.Count == 1 ? v.Message : $"{v.Violations.Count} violations: {v.Message}",
            Details = { Any.Pack(details) },
        };
        return status.ToRpcException();
    }
}
