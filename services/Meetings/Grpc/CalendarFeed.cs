using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Region.Common.V1;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Meetings.Grpc;

/// The calendar as an iCalendar feed over plain HTTP GET, the same text as ExportCalendar: at the
/// calendar's own address with a bearer token and READ, or at a secret address (CreateCalendarFeed)
/// with no token, for calendar apps. The tenant comes from the token or the stored address, never
/// from the URL.
public static class CalendarFeed
{
    public const string Route = "/v1/calendars/{bodyCode}/{year:int}/calendar.ics";
    public const string SecretRoute = "/v1/feeds/{secret}/calendar.ics";

    public static WebApplication MapCalendarFeed(this WebApplication app)
    {
        app.MapGet(Route, (string bodyCode, int year, HttpContext http, MeetingsDb db, CallerContext caller, RequestContext current) => PlainHttpErrors.AnswerAsync(http, async () =>
        {
            CallAuthorization.Authorize(http, Access.Read, "The calendar feed");
            var calendar = await db.RequireCalendarAsync(bodyCode, year, http.RequestAborted);
            return await IcsAsync(http, db, calendar, current, caller.RequiredTenant);
        }));
        app.MapGet(SecretRoute, (string secret, HttpContext http, MeetingsDb db, CallerContext caller, RequestContext current) => PlainHttpErrors.AnswerAsync(http, async () =>
        {
            // The secret is the permission: keep it out of the request's trace.
            Activity.Current?.SetTag("url.path", SecretRoute);
            if (await FindAsync(db, secret, http.RequestAborted) is not { } address) return Results.NotFound();
            caller.Tenant = address.Tenant;
            caller.User = "calendar-feed";
            var calendar = await db.Calendars.AsNoTracking().SingleAsync(c => c.Id == address.CalendarId, http.RequestAborted);
            return await IcsAsync(http, db, calendar, current, address.Tenant);
        }));
        return app;
    }

    /// The address not revoked whose secret this is, of any tenant; null for anything else (unknown,
    /// revoked, or not a secret of ours), which the caller answers alike. Found by the secret's
    /// hash, so the time a lookup takes tells nothing about a stored secret; the final comparison
    /// is constant-time all the same.
    private static async Task<CalendarFeedAddress?> FindAsync(MeetingsDb db, string secret, CancellationToken ct)
    {
        if (CalendarFeedAddress.HashOf(secret) is not { } hash) return null;
        var address = await db.FeedAddresses.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(a => a.SecretHash == hash && a.RevokedAt == null, ct);
        return address is not null && CryptographicOperations.FixedTimeEquals(address.SecretHash, hash) ? address : null;
    }

    private static async Task<IResult> IcsAsync(HttpContext http, MeetingsDb db, MeetingCalendar calendar, RequestContext current, string tenant)
    {
        var ics = IcsExport.Render(calendar, await db.MeetingsOfAsync(calendar, http.RequestAborted), current.Now, tenant);
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{IcsExport.FileName(calendar)}\"";
        return Results.Text(ics, IcsExport.ContentType);
    }
}
