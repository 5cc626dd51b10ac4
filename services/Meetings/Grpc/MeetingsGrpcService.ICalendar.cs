using Grpc.Core;
using Region.Meetings.Data;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// The calendar as iCalendar text; CalendarFeed serves the same text over plain HTTP.
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.ExportCalendarResponse> ExportCalendar(Api.ExportCalendarRequest request, ServerCallContext context)
    {
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, context.CancellationToken);
        var meetings = await db.MeetingsOfAsync(calendar, context.CancellationToken);
        return new Api.ExportCalendarResponse { Ics = IcsExport.Render(calendar, meetings, Now, Tenant), FileName = IcsExport.FileName(calendar) };
    }
}
