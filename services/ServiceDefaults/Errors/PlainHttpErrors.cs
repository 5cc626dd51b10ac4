using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Region.ServiceDefaults.Errors;

/// Plain HTTP routes (the calendar feed, the rendered report) answer what a gRPC call would hear
/// as the matching HTTP status with a problem body: 400 listing every violation, 401, 403, 404, 503.
public static class PlainHttpErrors
{
    public static async Task<IResult> AnswerAsync(HttpContext http, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (ValidationFailedException e)
        {
            return Results.ValidationProblem(e.Violations.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.Select(x => x.Description).ToArray()));
        }
        catch (UnauthenticatedException e)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(e.Message, statusCode: StatusCodes.Status401Unauthorized);
        }
        catch (PermissionDeniedException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (ErrorMappingInterceptor.ToRpcException(e) is { StatusCode: StatusCode.Unavailable } unavailable)
        {
            return Results.Problem(unavailable.Status.Detail, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
