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

        // The plan, four meetings and the calendar's import with its findings.
        Assert.Equal(6, response.Events);
        await events.WaitUntil(e => e.Of<MeetingScheduled>(tenant).Count == 7 && e.Of<MeetingCancelled>(tenant).Count == 2 && e.Of<FollowUpPlanSet>(tenant).Count == 2
            && e.Of<CalendarImported>(tenant).Count == 2, TimeSpan.FromSeconds(30), "the snapshot");
        Assert.Equal(events.Of<CalendarImported>(tenant)[0].Findings, events.Of<CalendarImported>(tenant)[1].Findings);
        var live = events.Of<MeetingCancelled>(tenant)[0].Meeting;
        var snapshot = events.Of<MeetingCancelled>(tenant)[1].Meeting;
        Assert.Equal(live.Version, snapshot.Version);
        Assert.Equal(live.Items.Select(i => i.ItemId), snapshot.Items.Select(i => i.ItemId));
        Assert.Equal(4, events.Of<MeetingScheduled>(other).Count);
        Assert.Single(events.Of<FollowUpPlanSet>(other));
    }

    [Fact]
    public async Task An_import_with_a_title_contradicting_its_period_imports_everything_and_announces_the_finding()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        host.Clock.SetToday(2022, 1, 10);
        var request = Calendar();
        request.Source = "Verksamhetsplan och budget 2022 (reviderad), Regionstyrelsen, RS/425/2021";
        // Seed 003, line 513: the interim accounts through August, printed "augusti 2021" at a 2022 meeting.
        request.Meetings.Add(new MeetingInput
        {
            Kind = MeetingKind.BoardMeeting, StartDate = Date(9, 27), EndDate = Date(9, 28),
            Items = { Item("Delårsbokslut augusti 2021", AgendaCategory.Recurring, "Ekonomidirektör", covers: Tertial(2)) },
        });

        var calendar = await client.ImportCalendarAsync(request);

        Assert.Equal(5, calendar.Meetings.Count);
        var finding = Assert.Single(calendar.Findings);
        Assert.Equal(("Delårsbokslut augusti 2021", "TitleYear", "2021", "2022-T2", 27), (finding.Item, finding.Kind, finding.Stated, finding.Actual, finding.MeetingDate.Day));
        Assert.Equal(request.Source, calendar.Source);
        var read = await client.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(calendar.Findings, read.Findings);
        await events.WaitUntil(e => e.Of<CalendarImported>(tenant).Count == 1 && e.Of<MeetingScheduled>(tenant).Count == 5, TimeSpan.FromSeconds(30), "the import");
        var imported = Assert.Single(events.Of<CalendarImported>(tenant));
        Assert.Equal(("RS", 2022, request.Source), (imported.BodyCode, imported.Year, imported.Source));
        Assert.Equal(new Region.Contracts.Events.CalendarFinding(new DateOnly(2022, 9, 27), "Delårsbokslut augusti 2021", "TitleYear", "2021", "2022-T2", finding.Message),
            Assert.Single(imported.Findings));
    }

    [Fact]
    public async Task A_calendar_built_call_by_call_announces_no_import()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        host.Clock.SetToday(2022, 1, 10);
        var created = await client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        await client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = OnDay(100, 1) });

        await events.WaitUntil(e => e.Of<MeetingScheduled>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the meeting");
        await client.AnnounceSnapshotAsync(new());
        await events.WaitUntil(e => e.Of<MeetingScheduled>(tenant).Count == 2, TimeSpan.FromSeconds(30), "the snapshot");

        Assert.Equal(("", 0), (created.Source, created.Findings.Count));
        Assert.Empty(events.Of<CalendarImported>(tenant));
    }
}
