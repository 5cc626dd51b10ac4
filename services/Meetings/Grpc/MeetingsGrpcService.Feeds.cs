using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// Secret feed addresses of a calendar, for calendar apps that send no token (CalendarFeed serves
/// them): create one (its secret answered once), list them, revoke one.
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.CreatedCalendarFeed> CreateCalendarFeed(Api.CreateCalendarFeedRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        MeetingCalendar.Validate(request.BodyCode, request.Year, null, v);
        CalendarFeedAddress.ValidateLabel(request.Label, v);
        v.ThrowIfAny();
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, ct);
        await RequireInScopeAsync(calendar.BodyCode, ct);
        if (await db.FeedAddresses.CountAsync(a => a.CalendarId == calendar.Id && a.RevokedAt == null, ct) >= CalendarFeedAddress.MaxActivePerCalendar)
            throw new FailedPreconditionException(
                $"The calendar already has {CalendarFeedAddress.MaxActivePerCalendar} feed addresses; revoke one it no longer needs first.");
        var (address, secret) = CalendarFeedAddress.Create(calendar, request.Label, current.User, Now);
        db.FeedAddresses.Add(address);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Feed address {FeedId} of calendar {Body} {Year} created", address.Id, calendar.BodyCode, calendar.Year);
        return new Api.CreatedCalendarFeed { Feed = ToProto(address, calendar), Secret = secret, Path = CalendarFeedAddress.PathOf(secret) };
    }

    public override async Task<Api.ListCalendarFeedsResponse> ListCalendarFeeds(Api.ListCalendarFeedsRequest request, ServerCallContext context)
    {
        var calendar = await db.RequireCalendarAsync(request.BodyCode, request.Year, context.CancellationToken);
        var addresses = await db.FeedAddresses.AsNoTracking().Where(a => a.CalendarId == calendar.Id)
            .OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(context.CancellationToken);
        var response = new Api.ListCalendarFeedsResponse();
        response.Feeds.AddRange(addresses.Select(a => ToProto(a, calendar)));
        return response;
    }

    public override async Task<Api.CalendarFeed> RevokeCalendarFeed(Api.RevokeCalendarFeedRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var v = new Violations();
        v.Check(Guid.TryParse(request.Id, out var id), "id", "The id of a feed address (a UUID).");
        v.ThrowIfAny();
        var address = await db.FeedAddresses.SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"Feed address {id} does not exist.");
        var calendar = await db.Calendars.AsNoTracking().SingleAsync(c => c.Id == address.CalendarId, ct);
        await RequireInScopeAsync(calendar.BodyCode, ct);
        if (!address.IsRevoked)
        {
            address.Revoke(current.User, Now);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Feed address {FeedId} of calendar {Body} {Year} revoked", address.Id, calendar.BodyCode, calendar.Year);
        }
        return ToProto(address, calendar);
    }

    private static Api.CalendarFeed ToProto(CalendarFeedAddress address, MeetingCalendar calendar) => new()
    {
        Id = address.Id.ToString(),
        BodyCode = calendar.BodyCode,
        Year = calendar.Year,
        Label = address.Label,
        CreatedBy = address.CreatedBy,
        CreatedAt = Timestamp.FromDateTimeOffset(address.CreatedAt),
        RevokedBy = address.RevokedBy ?? "",
        RevokedAt = address.RevokedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };
}
