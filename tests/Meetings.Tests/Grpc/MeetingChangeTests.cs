using Grpc.Core;
using Region.Meetings.V1;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;

namespace Region.Meetings.Tests.Grpc;

public sealed class MeetingChangeTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    private async Task<(MeetingsService.MeetingsServiceClient Client, Calendar Calendar)> ImportedAsync(string tenant)
    {
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(tenant);
        return (client, await client.ImportCalendarAsync(Calendar()));
    }

    [Fact]
    public async Task Moving_a_meeting_moves_its_items()
    {
        var (client, calendar) = await ImportedAsync(NewTenant());
        var meeting = calendar.Meetings[2];

        var moved = await client.MoveMeetingAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, StartDate = Date(6, 14) });

        var read = await client.GetMeetingAsync(new() { MeetingId = meeting.Id });
        Assert.Equal((6, 14, 6, 14), (read.StartDate.Month, read.StartDate.Day, read.EndDate.Month, read.EndDate.Day));
        Assert.Equal(meeting.Items.Select(i => (i.Id, i.Title)), read.Items.Select(i => (i.Id, i.Title)));
        Assert.Equal(("2", "Regionens hus, Östersund"), (moved.Etag, read.Place));
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_changes_nothing()
    {
        var tenant = NewTenant();
        var (client, calendar) = await ImportedAsync(tenant);
        var meeting = calendar.Meetings[3];
        await client.AddAgendaItemAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, Item = Item("Civilt försvar", AgendaCategory.FollowUp, "Beredskapschef", "Civilt försvar") });

        await FailsWith(StatusCode.Aborted, () => client.MoveMeetingAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, StartDate = Date(11, 8) }).ResponseAsync);
        await FailsWith(StatusCode.Aborted, () => client.CancelMeetingAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag }).ResponseAsync);

        var read = await client.GetMeetingAsync(new() { MeetingId = meeting.Id });
        Assert.Equal((10, 25, false, 4), (read.StartDate.Month, read.StartDate.Day, read.Cancelled, read.Items.Count));
    }

    [Fact]
    public async Task Every_change_of_a_meeting_without_its_etag_is_invalid_and_changes_nothing()
    {
        var tenant = NewTenant();
        var (client, calendar) = await ImportedAsync(tenant);
        var may = calendar.Meetings[2];
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.MoveMeetingAsync(new() { MeetingId = may.Id, StartDate = Date(6, 14) }).ResponseAsync, "etag");
        await InvalidArgument(() => client.CancelMeetingAsync(new() { MeetingId = may.Id, Etag = " " }).ResponseAsync, "etag");
        await InvalidArgument(() => client.AddAgendaItemAsync(new() { MeetingId = may.Id, Item = Item("Civilt försvar", AgendaCategory.FollowUp, "Beredskapschef", "Civilt försvar") }).ResponseAsync, "etag");
        await InvalidArgument(() => client.RemoveAgendaItemAsync(new() { MeetingId = may.Id, ItemId = may.Items[0].Id }).ResponseAsync, "etag");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
        var read = await client.GetMeetingAsync(new() { MeetingId = may.Id });
        Assert.Equal(("1", 5, 31, false), (read.Etag, read.StartDate.Month, read.StartDate.Day, read.Cancelled));
    }

    [Fact]
    public async Task A_meeting_that_is_over_cannot_change()
    {
        var (client, calendar) = await ImportedAsync(NewTenant());
        var march = calendar.Meetings[1];
        host.Clock.SetToday(2022, 3, 31);

        await FailsWith(StatusCode.FailedPrecondition, () => client.MoveMeetingAsync(new() { MeetingId = march.Id, Etag = march.Etag, StartDate = Date(4, 20) }).ResponseAsync);
        await FailsWith(StatusCode.FailedPrecondition, () => client.CancelMeetingAsync(new() { MeetingId = march.Id, Etag = march.Etag }).ResponseAsync);
        await FailsWith(StatusCode.FailedPrecondition, () => client.AddAgendaItemAsync(new() { MeetingId = march.Id, Etag = march.Etag, Item = Item("Sent ärende", AgendaCategory.Recurring, "Regiondirektör") }).ResponseAsync);
        await FailsWith(StatusCode.FailedPrecondition, () => client.RemoveAgendaItemAsync(new() { MeetingId = march.Id, Etag = march.Etag, ItemId = march.Items[0].Id }).ResponseAsync);
        // The day before, it could still change.
        host.Clock.SetToday(2022, 3, 30);
        await client.CancelMeetingAsync(new() { MeetingId = march.Id, Etag = march.Etag });
    }

    [Fact]
    public async Task A_move_into_the_past_onto_another_meeting_or_before_a_reported_period_ends_is_refused()
    {
        var tenant = NewTenant();
        var (client, calendar) = await ImportedAsync(tenant);
        var may = calendar.Meetings[2];
        host.Clock.SetToday(2022, 4, 25);

        await InvalidArgument(() => client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(4, 20) }).ResponseAsync,
            "start_date", "start_date");
        // Onto another meeting's day: the calendar's state, not the request, is in the way.
        var onto = await FailsWith(StatusCode.FailedPrecondition,
            () => client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(10, 24), EndDate = Date(10, 25) }).ResponseAsync);
        Assert.Contains($"the meeting on 2022-10-25 (id {calendar.Meetings[3].Id})", onto.Status.Detail);
        await InvalidArgument(() => client.MoveMeetingAsync(new() { MeetingId = "nope", StartDate = new Google.Type.Date { Year = 2022, Month = 2, Day = 30 } }).ResponseAsync,
            "start_date", "meeting_id", "etag");
        Assert.Equal("1", (await client.GetMeetingAsync(new() { MeetingId = may.Id })).Etag);
    }

    [Fact]
    public async Task Scheduling_checks_the_meeting_as_a_whole_and_writes_nothing_when_wrong()
    {
        var tenant = NewTenant();
        var (client, _) = await ImportedAsync(tenant);
        host.Clock.SetToday(2022, 6, 1);
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.ScheduleMeetingAsync(new()
        {
            BodyCode = "RS", Year = 2022,
            Meeting = new MeetingInput
            {
                StartDate = Date(5, 20), EndDate = Date(5, 19),
                Items = { new AgendaItem { Title = "Delårsbokslut augusti", Category = AgendaCategory.Recurring, Covers = Tertial(2) }, new AgendaItem() },
            },
        }).ResponseAsync, "meeting.kind", "meeting.end_date", "meeting.start_date", "meeting.items[0].covers", "meeting.items[1].category", "meeting.items[1].title");
        var taken = await FailsWith(StatusCode.FailedPrecondition,
            () => client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = new MeetingInput { Kind = MeetingKind.BudgetDay, StartDate = Date(10, 25) } }).ResponseAsync);
        Assert.Contains("Shares a day with the meeting on 2022-10-25", taken.Status.Detail);
        await FailsWith(StatusCode.NotFound, () => client.ScheduleMeetingAsync(new() { BodyCode = "HSN", Year = 2022, Meeting = new MeetingInput { Kind = MeetingKind.BudgetDay, StartDate = Date(6, 8) } }).ResponseAsync);

        Assert.Equal(before, await host.RowCountsAsync(tenant));
        var budgetDay = await client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = new MeetingInput { Kind = MeetingKind.BudgetDay, StartDate = Date(6, 8), Title = "Gemensam budgetdag" } });
        Assert.Equal(("1", MeetingKind.BudgetDay), (budgetDay.Etag, budgetDay.Kind));
    }

    [Fact]
    public async Task Items_are_added_and_removed_with_the_meetings_etag()
    {
        var (client, _) = await ImportedAsync(NewTenant());
        var august = await client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = new MeetingInput { Kind = MeetingKind.BoardMeeting, StartDate = Date(8, 30) } });

        var added = await client.AddAgendaItemAsync(new() { MeetingId = august.Id, Etag = august.Etag, Item = Item("Civilt försvar", AgendaCategory.FollowUp, "Beredskapschef", "Civilt försvar") });
        await InvalidArgument(() => client.AddAgendaItemAsync(new() { MeetingId = august.Id, Etag = added.Etag, Item = Item("Delårsbokslut", AgendaCategory.Recurring, "Ekonomidirektör", covers: Tertial(2)) }).ResponseAsync,
            "item.covers");
        var removed = await client.RemoveAgendaItemAsync(new() { MeetingId = august.Id, Etag = added.Etag, ItemId = added.Items[0].Id });

        Assert.Equal(("2", "3"), (added.Etag, removed.Etag));
        Assert.Empty(removed.Items);
        await FailsWith(StatusCode.NotFound, () => client.RemoveAgendaItemAsync(new() { MeetingId = august.Id, Etag = removed.Etag, ItemId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Single((await client.GetCoverageAsync(new() { BodyCode = "RS", Year = 2022 })).Gaps);
    }
}
