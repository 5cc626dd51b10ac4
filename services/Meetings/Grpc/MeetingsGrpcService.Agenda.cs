using Grpc.Core;
using Region.Contracts.Events;
using Region.Meetings.Data;
using Region.Meetings.Domain;
using Region.Meetings.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Outbox;
using Api = Region.Meetings.V1;

namespace Region.Meetings.Grpc;

/// Agenda items of a meeting: added last, removed by id; each a change of the meeting (its etag).
public sealed partial class MeetingsGrpcService
{
    public override async Task<Api.Meeting> AddAgendaItem(Api.AddAgendaItemRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var draft = (request.Item ?? new Api.AgendaItem()).ToDraft("item", v);
        AgendaItem.Validate(draft, null, "item", v);
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, context.CancellationToken);
        // Now that the meeting's date is known: the period the item reports must be over by then.
        AgendaItem.Validate(draft, meeting.StartDate, "item", v);
        v.ThrowIfAny();
        EnsureRoomForItems((await db.SizeOfAsync(meeting.CalendarId, context.CancellationToken)).Items, 1);

        var item = meeting.AddItem(draft);
        db.AgendaItems.Add(item);
        db.Enqueue(new AgendaItemAdded(Guid.NewGuid(), Tenant, Now, item.Data(), meeting.State(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        return meeting.ToProto(calendar);
    }

    public override async Task<Api.Meeting> RemoveAgendaItem(Api.RemoveAgendaItemRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Check(Guid.TryParse(request.ItemId, out var itemId), "item_id", "The id of an item of the meeting.");
        var (meeting, calendar) = await RequireChangeableMeetingAsync(request.MeetingId, request.Etag, v, context.CancellationToken);
        var item = meeting.RemoveItem(itemId);
        db.AgendaItems.Remove(item);
        db.Enqueue(new AgendaItemRemoved(Guid.NewGuid(), Tenant, Now, item.Id, meeting.State(calendar)));
        await db.SaveChangesAsync(context.CancellationToken);
        return meeting.ToProto(calendar);
    }
}
