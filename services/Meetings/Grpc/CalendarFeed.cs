using Region.Meetings.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Grpc;

/// The calendar as a subscribable iCalendar feed over plain HTTP GET, the same text as ExportCalendar.
public static class CalendarFeed
{
    public const string Route = "/v1/calendars/{bodyCode}/{year:int}/calendar.ics";

    public static WebApplication MapCalendarFeed(this WebApplication app)
    {
        app.MapGet(Route, async (string bodyCode, int year, string? tenant, HttpContext http, MeetingsDb db, CallerContext caller, RequestContext current) =>
        {
            // Outlook and Google Calendar cannot send headers: a subscription URL names its tenant.
            if (!http.Request.Headers.ContainsKey(CallerContext.TenantHeader) && !string.IsNullOrWhiteSpace(tenant))
                caller.Tenant = tenant.Trim();
            if (string.IsNullOrEmpty(caller.Tenant))
                return Results.Problem($"No tenant: send the '{CallerContext.TenantHeader}' header or ?tenant=.", statusCode: StatusCodes.Status401Unauthorized);
            try
            {
                var calendar = await db.RequireCalendarAsync(bodyCode, year, http.RequestAborted);
                var ics = IcsExport.Render(calendar, await db.MeetingsOfAsync(calendar, http.RequestAborted), current.Now, caller.Tenant);
                http.Response.Headers.ContentDisposition = $"inline; filename=\"{IcsExport.FileName(calendar)}\"";
                return Results.Text(ics, IcsExport.ContentType);
            }
            catch (NotFoundException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (ValidationFailedException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        });
        return app;
    }
}
