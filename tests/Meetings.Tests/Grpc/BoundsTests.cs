using Google.Rpc;
using Grpc.Core;
using Region.Meetings.Domain;
using Region.Meetings.V1;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;
using AgendaCategory = Region.Meetings.V1.AgendaCategory;
using MeetingKind = Region.Meetings.V1.MeetingKind;

namespace Region.Meetings.Tests.Grpc;

/// Body codes in one form, overlaps found in n log n, and the limits of a calendar and a region.
public sealed class BoundsTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    private static ImportCalendarRequest Meetings(string body, IEnumerable<MeetingInput> meetings)
    {
        var request = new ImportCalendarRequest { BodyCode = body, Year = 2022 };
        request.Meetings.AddRange(meetings);
        return request;
    }

    [Fact]
    public async Task A_calendar_imported_as_rs_is_RS_for_every_call_in_any_case()
    {
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(NewTenant());

        var imported = await client.ImportCalendarAsync(Calendar(" rs "));

        Assert.Equal("RS", imported.BodyCode);
        Assert.Equal(4, (await client.GetCalendarAsync(new() { BodyCode = "Rs", Year = 2022 })).Meetings.Count);
        await FailsWith(StatusCode.AlreadyExists, () => client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        var scheduled = await client.ScheduleMeetingAsync(new() { BodyCode = "rS", Year = 2022, Meeting = OnDay(200) });
        Assert.Equal("RS", scheduled.BodyCode);
        Assert.Equal("rs-2022.ics", (await client.ExportCalendarAsync(new() { BodyCode = "RS", Year = 2022 })).FileName);
        var listed = Assert.Single((await client.ListCalendarsAsync(new())).Calendars);
        Assert.Equal(("RS", 5), (listed.BodyCode, listed.Meetings));
    }

    [Fact]
    public async Task Two_hundred_meetings_on_one_day_name_each_meeting_once()
    {
        var client = host.Client(NewTenant());

        var e = await FailsWith(StatusCode.InvalidArgument,
            () => client.ImportCalendarAsync(Meetings("RS", Enumerable.Range(0, MeetingCalendar.MaxMeetings).Select(_ => OnDay(124)))).ResponseAsync);

        // Comparing every pair named 19 900 pairs; one per meeting is 199, of which the answer lists 100.
        var violations = e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"meetings[{i}].start_date"), violations.Take(100).Select(v => v.Field));
        Assert.All(violations.Take(100), v => Assert.Equal("Shares a day with the meeting on 2022-05-05.", v.Description));
        Assert.Equal("… and 99 more.", violations[100].Description);
    }

    [Fact]
    public async Task A_calendar_holds_200_meetings_and_1000_agenda_items()
    {
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(NewTenant());
        await client.ImportCalendarAsync(Meetings("RS", Enumerable.Range(0, MeetingCalendar.MaxMeetings).Select(i => OnDay(i))));
        // 10 × 95 + 50 = 1000 items, the last meeting with room for more of its own.
        var items = await client.ImportCalendarAsync(Meetings("HSN", Enumerable.Range(0, 11).Select(i => OnDay(30 + 7 * i, items: i < 10 ? 95 : 50))));

        var full = await FailsWith(StatusCode.FailedPrecondition, () => client.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = OnDay(330) }).ResponseAsync);
        Assert.Contains("200 meetings", full.Status.Detail);
        var last = items.Meetings[^1];
        var noRoom = await FailsWith(StatusCode.FailedPrecondition, () => client.AddAgendaItemAsync(new()
        {
            MeetingId = last.Id, Etag = last.Etag, Item = Item("Ett till", AgendaCategory.Theme, "Regiondirektör"),
        }).ResponseAsync);
        Assert.Contains("the 1000 a calendar may hold", noRoom.Status.Detail);
        await FailsWith(StatusCode.FailedPrecondition, () => client.ScheduleMeetingAsync(new() { BodyCode = "HSN", Year = 2022, Meeting = OnDay(330, items: 1) }).ResponseAsync);
        // A meeting without items still fits.
        await client.ScheduleMeetingAsync(new() { BodyCode = "HSN", Year = 2022, Meeting = OnDay(330) });
    }

    [Fact]
    public async Task A_region_keeps_at_most_2000_calendars()
    {
        var tenant = NewTenant();
        await using (var db = host.Db(tenant))
        {
            db.Calendars.AddRange(Enumerable.Range(0, MeetingCalendar.MaxPerTenant).Select(i => MeetingCalendar.Create($"B{i}", 2022, "")));
            await db.SaveChangesAsync();
        }
        var client = host.Client(tenant);

        await FailsWith(StatusCode.FailedPrecondition, () => client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await FailsWith(StatusCode.FailedPrecondition, () => client.ImportCalendarAsync(Calendar()).ResponseAsync);
        Assert.Equal(MeetingCalendar.MaxPerTenant, (await client.ListCalendarsAsync(new())).Calendars.Count);
    }
}
