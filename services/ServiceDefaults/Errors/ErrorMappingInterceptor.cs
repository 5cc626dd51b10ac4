using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Region.ServiceDefaults.Errors;

/// Turns every exception a handler lets out into a deliberate gRPC status, so no service writes its
/// own try/catch around every call: the domain's exceptions keep their meaning, the database's
/// become ALREADY_EXISTS/ABORTED/UNAVAILABLE, and anything unforeseen becomes INTERNAL with a trace
/// id to look up and no exception text (callers never see SQL, constraint or type names).
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    /// A status message is for people; it never carries a caller's megabyte back in a trailer.
    public const int MaxMessageLength = 1000;
    public const int MaxViolations = 100;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        if (ToRpcException(e) is { } mapped)
        {
            logger.LogInformation("{Method} rejected: {Code} {Message}", context.Method, mapped.StatusCode, mapped.Status.Detail);
            return mapped;
        }
        if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            var code = context.Deadline <= DateTime.UtcNow ? Code.DeadlineExceeded : Code.Cancelled;
            return Status(code, code == Code.DeadlineExceeded ? "The call's deadline passed before it finished." : "The call was cancelled.");
        }
        // A bug: logged whole, answered without a word of it beyond where to look.
        var traceId = Activity.Current?.TraceId.ToString() ?? "none";
        logger.LogError(e, "{Method} failed unexpectedly (trace {TraceId})", context.Method, traceId);
        return Status(Code.Internal, $"An unexpected error occurred; it is logged under trace id {traceId}.");
    }

    /// Whether the exception says something the service needs is away (its database, the identity
    /// provider): worth trying again later, not the request's fault nor the code's. The one rule
    /// for UNAVAILABLE, a 503, and a consumer waiting out an outage instead of dead-lettering.
    public static bool IsOutage(Exception e) => ToRpcException(e) is { StatusCode: StatusCode.Unavailable };

    /// The status a caller sees for an exception, or null when it is not one we report on purpose.
    public static RpcException? ToRpcException(Exception e) => e switch
    {
        ValidationFailedException v => BadRequest(v),
        NotFoundException => Status(Code.NotFound, e.Message),
        AlreadyExistsException => Status(Code.AlreadyExists, e.Message),
        FailedPreconditionException => Status(Code.FailedPrecondition, e.Message),
        ConcurrencyConflictException => Status(Code.Aborted, e.Message),
        ResourceExhaustedException => Status(Code.ResourceExhausted, e.Message),
        UnauthenticatedException => Status(Code.Unauthenticated, e.Message),
        PermissionDeniedException => Status(Code.PermissionDenied, e.Message),
        UnavailableException => Status(Code.Unavailable, e.Message),
        DbUpdateConcurrencyException => Status(Code.Aborted, "The resource was changed by someone else; read it again and retry."),
        DbUpdateException { InnerException: { } inner } => ToRpcException(inner),
        // EnableRetryOnFailure gave up on a transient fault (it derives from Exception, not DbUpdateException).
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException { InnerException: { } inner } => ToRpcException(inner) ?? Unavailable(),
        PostgresException pg => FromPostgres(pg),
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => Unavailable(),
        InvalidOperationException { InnerException: NpgsqlException } => Unavailable(),
        _ => null,
    };

    private static RpcException? FromPostgres(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Status(Code.AlreadyExists, "It already exists."),
        PostgresErrorCodes.ExclusionViolation => Status(Code.AlreadyExists, "It overlaps with one that already exists."),
        PostgresErrorCodes.ForeignKeyViolation => Status(Code.FailedPrecondition, "Something it refers to does not exist (any more)."),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable =>
            Status(Code.Aborted, "A concurrent change conflicted with this one; retry."),
        PostgresErrorCodes.QueryCanceled => Status(Code.DeadlineExceeded, "The database took too long."),
        // Values the checks before the database should have refused: still the caller's input, not our fault.
        PostgresErrorCodes.StringDataRightTruncation or PostgresErrorCodes.CharacterNotInRepertoire
            or PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.NumericValueOutOfRange
            or PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.DatetimeFieldOverflow =>
            BadRequest(new ValidationFailedException([new FieldViolation("", "A value is too long, too large or holds a character that cannot be stored.")])),
        // Class 08 (connection), 53 (resources), 57P (operator intervention), and whatever else Npgsql
        // calls transient (a database not accepting connections, 55000; an I/O error, 58030): the
        // database is away, not the request wrong. The conflicts above are transient too, but ABORTED.
        var s when s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal)
            || s.StartsWith("57P", StringComparison.Ordinal) || pg.IsTransient => Unavailable(),
        _ => null,
    };

    private static RpcException Unavailable() =>
        Status(Code.Unavailable, "The service cannot reach its database right now; retry in a moment.");

    private static RpcException Status(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = Cut(message, MaxMessageLength) }.ToRpcException();

    private static RpcException BadRequest(ValidationFailedException v)
    {
        var details = new BadRequest();
        details.FieldViolations.AddRange(v.Violations.Take(MaxViolations).Select(x =>
            new BadRequest.Types.FieldViolation { Field = Cut(x.Field, 200), Description = Cut(x.Description, 300) }));
        if (v.Violations.Count > MaxViolations)
            details.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "", Description = $"… and {v.Violations.Count - MaxViolations} more." });
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Cut(v.Violations.Count == 1 ? v.Message : $"{v.Violations.Count} violations: {v.Message}", MaxMessageLength),
            Details = { Any.Pack(details) },
        };
        return status.ToRpcException();
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
