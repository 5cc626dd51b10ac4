using Grpc.Core;
using Region.Meetings.Data;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Grpc;

/// The calendar as a subscribable iCalendar feed over plain HTTP GET, the same text as ExportCalendar.
/// Its inputs get the gRPC calls' checks: a bad one is 400 with every violation, never a 500.
public static class CalendarFeed
{
    public const string Route = "/v1/calendars/{bodyCode}/{year:int}/calendar.ics";

    public static WebApplication MapCalendarFeed(this WebApplication app)
    {
        app.MapGet(Route, async (string bodyCode, int year, string? tenant, HttpContext http, MeetingsDb db, CallerContext caller, RequestContext current) =>
        {
            // Outlook and Google Calendar cannot send headers: a subscription URL names its tenant.
            var tenantField = CallerContext.TenantHeader;
            if (!http.Request.Headers.ContainsKey(CallerContext.TenantHeader) && !string.IsNullOrWhiteSpace(tenant))
                (caller.Tenant, tenantField) = (tenant.Trim(), "tenant");
            if (string.IsNullOrEmpty(caller.Tenant))
                return Results.Problem($"No tenant: send the '{CallerContext.TenantHeader}' header or ?tenant=.", statusCode: StatusCodes.Status401Unauthorized);
            try
            {
                // gRPC calls have the tenant checked by an interceptor; this plain HTTP endpoint checks it itself.
                var v = new Violations();
                Input.CheckCode(caller.Tenant, tenantField, v, max: CallerContext.MaxTenantLength);
                v.ThrowIfAny();
                var calendar = await db.RequireCalendarAsync(bodyCode, year, http.RequestAborted);
                var ics = IcsExport.Render(calendar, await db.MeetingsOfAsync(calendar, http.RequestAborted), current.Now, caller.Tenant);
                http.Response.Headers.ContentDisposition = $"inline; filename=\"{IcsExport.FileName(calendar)}\"";
                return Results.Text(ics, IcsExport.ContentType);
            }
            catch (ValidationFailedException e)
            {
                return Results.ValidationProblem(e.Violations.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.Select(x => x.Description).ToArray()));
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
