using Grpc.Core;
using Region.Common.V1;
using Region.Meetings.Data;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Grpc;

/// The calendar as an iCalendar feed over plain HTTP GET, the same text as ExportCalendar, with
/// the same bearer token and access (READ). A per-calendar secret address for calendar apps, which
/// send no token, is the next step (issue 16); until then the tenant never comes from the URL.
public static class CalendarFeed
{
    public const string Route = "/v1/calendars/{bodyCode}/{year:int}/calendar.ics";

    public static WebApplication MapCalendarFeed(this WebApplication app)
    {
        app.MapGet(Route, async (string bodyCode, int year, HttpContext http, MeetingsDb db, CallerContext caller, RequestContext current) =>
        {
            try
            {
                CallAuthorization.Authorize(http, Access.Read, "The calendar feed");
                var calendar = await db.RequireCalendarAsync(bodyCode, year, http.RequestAborted);
                var ics = IcsExport.Render(calendar, await db.MeetingsOfAsync(calendar, http.RequestAborted), current.Now, caller.RequiredTenant);
                http.Response.Headers.ContentDisposition = $"inline; filename=\"{IcsExport.FileName(calendar)}\"";
                return Results.Text(ics, IcsExport.ContentType);
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
        });
        return app;
    }
}
