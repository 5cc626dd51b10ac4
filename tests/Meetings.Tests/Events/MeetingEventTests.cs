using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Meetings.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;

namespace Region.Meetings.Tests.Events;

public sealed class MeetingEventTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    [Fact]
    public async Task Every_committed_change_is_announced_with_the_meetings_state()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        host.Clock.SetToday(2022, 1, 10);
        var calendar = await client.ImportCalendarAsync(Calendar());
        var may = calendar.Meetings[2];
        var moved = await client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(6, 14) });
        var added = await client.AddAgendaItemAsync(new() { MeetingId = may.Id, Etag = moved.Etag, Item = Item("Civilt försvar", AgendaCategory.FollowUp, "Beredskapschef", "Civilt försvar") });
        var removed = await client.RemoveAgendaItemAsync(new() { MeetingId = may.Id, Etag = added.Etag, ItemId = may.Items[2].Id });
        await client.CancelMeetingAsync(new() { MeetingId = calendar.Meetings[3].Id, Etag = calendar.Meetings[3].Etag });

        await events.WaitUntil(e => e.Of<MeetingScheduled>(tenant).Count == 4 && e.Of<FollowUpPlanSet>(tenant).Count == 1
            && e.Of<MeetingMoved>(tenant).Count == 1 && e.Of<AgendaItemAdded>(tenant).Count == 1
            && e.Of<AgendaItemRemoved>(tenant).Count == 1 && e.Of<MeetingCancelled>(tenant).Count == 1,
            TimeSpan.FromSeconds(30), "the meetings events");

        // Reporting must tell at which meeting a report is presented: the tertial report's item carries its period.
        var scheduled = events.Of<MeetingScheduled>(tenant).Single(e => e.Meeting.MeetingId.ToString() == may.Id).Meeting;
        Assert.Equal(("RS", 2022, "BoardMeeting", new DateOnly(2022, 5, 31), new DateOnly(2022, 6, 1), 1),
            (scheduled.BodyCode, scheduled.Year, scheduled.Kind, scheduled.StartDate, scheduled.EndDate, scheduled.Version));
        var report = scheduled.Items[0];
        Assert.Equal(("Tertialrapport april", "Recurring", "Ekonomidirektör", (Period?)Period.Tertial(2022, 1)),
            (report.Title, report.Category, report.ResponsibleRole, report.Covers));

        var move = Assert.Single(events.Of<MeetingMoved>(tenant));
        Assert.Equal((new DateOnly(2022, 5, 31), new DateOnly(2022, 6, 14), 2, 3), (move.PreviousStartDate, move.Meeting.StartDate, move.Meeting.Version, move.Meeting.Items.Count));
        var add = Assert.Single(events.Of<AgendaItemAdded>(tenant));
        Assert.Equal(("Civilt försvar", 3, 4), (add.Item.FollowUpArea, add.Meeting.Version, add.Meeting.Items.Count));
        var remove = Assert.Single(events.Of<AgendaItemRemoved>(tenant));
        Assert.Equal((Guid.Parse(may.Items[2].Id), 4), (remove.ItemId, remove.Meeting.Version));
        Assert.DoesNotContain(remove.Meeting.Items, i => i.ItemId == remove.ItemId);
        Assert.True(Assert.Single(events.Of<MeetingCancelled>(tenant)).Meeting.Cancelled);
        var plan = Assert.Single(events.Of<FollowUpPlanSet>(tenant)).Plan;
        Assert.Equal(new FollowUpAreaData("Internkontroll", "Twice"), plan.Areas[1]);
        Assert.All(events.Received.Where(x => x.Event.Tenant == tenant), x => Assert.Equal(x.Event.EventId, x.MessageId));
        Assert.Equal("4", removed.Etag);
    }

    [Fact]
    public async Task A_snapshot_re_announces_the_current_state_with_the_same_versions_and_nothing_of_other_tenants()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var other = NewTenant();
        var client = host.Client(tenant);
        host.Clock.SetToday(2022, 1, 10);
        var calendar = await client.ImportCalendarAsync(Calendar());
        await host.Client(other).ImportCalendarAsync(Calendar());
        await client.CancelMeetingAsync(new() { MeetingId = calendar.Meetings[1].Id, Etag = calendar.Meetings[1].Etag });
        await events.WaitUntil(e => e.Of<MeetingCancelled>(tenant).Count == 1 && e.Of<MeetingScheduled>(other).Count == 4, TimeSpan.FromSeconds(30), "the live events");

        var response = await client.AnnounceSnapshotAsync(new());

        Assert.Equal(5, response.Events);
        await events.WaitUntil(e => e.Of<MeetingScheduled>(tenant).Count == 7 && e.Of<MeetingCancelled>(tenant).Count == 2 && e.Of<FollowUpPlanSet>(tenant).Count == 2,
            TimeSpan.FromSeconds(30), "the snapshot");
        var live = events.Of<MeetingCancelled>(tenant)[0].Meeting;
        var snapshot = events.Of<MeetingCancelled>(tenant)[1].Meeting;
        Assert.Equal(live.Version, snapshot.Version);
        Assert.Equal(live.Items.Select(i => i.ItemId), snapshot.Items.Select(i => i.ItemId));
        Assert.Equal(4, events.Of<MeetingScheduled>(other).Count);
        Assert.Single(events.Of<FollowUpPlanSet>(other));
    }
}
