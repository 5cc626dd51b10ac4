using Grpc.Core;
using Region.Meetings.V1;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;

namespace Region.Meetings.Tests.Grpc;

public sealed class CalendarTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    [Fact]
    public async Task An_imported_calendar_comes_back_in_date_order_with_its_items_and_plan()
    {
        var client = host.Client(NewTenant());

        await client.ImportCalendarAsync(Calendar());
        var calendar = await client.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 });

        Assert.Equal(["2022-03-03", "2022-03-29", "2022-05-31", "2022-10-25"], calendar.Meetings.Select(m => $"{m.StartDate.Year}-{m.StartDate.Month:00}-{m.StartDate.Day:00}"));
        var twoDays = calendar.Meetings[2];
        Assert.Equal((6, 1), (twoDays.EndDate.Month, twoDays.EndDate.Day));
        Assert.Equal(["Tertialrapport april", "Internkontrollplan, första uppföljningen", "Arbete med barnkonventionen"], twoDays.Items.Select(i => i.Title));
        Assert.Equal((Region.Common.V1.PeriodKind.Tertial, 1), (twoDays.Items[0].Covers.Kind, twoDays.Items[0].Covers.Number));
        Assert.Equal(("Regionens hus, Östersund", 9), (twoDays.Place, twoDays.StartTime.Hours));
        Assert.Equal(3, calendar.Plan.Areas.Count);
        Assert.Equal("1", calendar.Plan.Etag);
        var listed = Assert.Single((await client.ListCalendarsAsync(new())).Calendars);
        Assert.Equal((4, 7, 3), (listed.Meetings, listed.Items, listed.PlanAreas));
    }

    [Fact]
    public async Task An_import_with_errors_lists_every_violation_and_writes_nothing()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        var request = Calendar();
        request.Plan.Add(new FollowUpArea { Name = "folkhälsa", Frequency = FollowUpFrequency.Once });
        request.Plan.Add(new FollowUpArea { Name = "Upphandling" });
        request.Meetings[0].Kind = MeetingKind.Unspecified;
        request.Meetings[1].StartDate = Date(3, 30);
        request.Meetings[2].Items[0].Covers = Tertial(2);
        request.Meetings[2].Items[1].Title = "";
        request.Meetings[3].StartDate = Date(10, 25, 2023);
        request.Meetings[3].Items[0].Covers = new Region.Common.V1.Period { Year = 2022, Kind = Region.Common.V1.PeriodKind.Tertial, Number = 7 };

        await InvalidArgument(() => client.ImportCalendarAsync(request).ResponseAsync,
            "plan[3].name", "plan[4].frequency", "meetings[0].kind", "meetings[1].start_date",
            "meetings[2].items[0].covers", "meetings[2].items[1].title", "meetings[3].start_date", "meetings[3].items[0].covers.number");

        Assert.Equal("calendars=0, meetings=0, items=0, plans=0", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task A_calendar_is_imported_once()
    {
        var client = host.Client(NewTenant());
        await client.ImportCalendarAsync(Calendar());

        await FailsWith(StatusCode.AlreadyExists, () => client.ImportCalendarAsync(Calendar()).ResponseAsync);
        await FailsWith(StatusCode.AlreadyExists, () => client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_calendar()
    {
        var a = host.Client(NewTenant());
        var b = host.Client(NewTenant());
        var imported = await a.ImportCalendarAsync(Calendar());

        await FailsWith(StatusCode.NotFound, () => b.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => b.GetMeetingAsync(new() { MeetingId = imported.Meetings[0].Id }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => b.CancelMeetingAsync(new() { MeetingId = imported.Meetings[0].Id, Etag = "1" }).ResponseAsync);
        Assert.Empty((await b.ListCalendarsAsync(new())).Calendars);
        // The same body and year are free for the other tenant.
        await b.ImportCalendarAsync(Calendar());
        await FailsWith(StatusCode.Unauthenticated, () => host.AnonymousClient().ListCalendarsAsync(new()).ResponseAsync);
    }

    [Fact]
    public async Task Coverage_lists_areas_scheduled_too_seldom_and_items_pointing_at_no_area()
    {
        var client = host.Client(NewTenant());
        await client.ImportCalendarAsync(Calendar());

        var coverage = await client.GetCoverageAsync(new() { BodyCode = "RS", Year = 2022 });

        Assert.False(coverage.Complete);
        var gap = Assert.Single(coverage.Gaps);
        Assert.Equal(("Civilt försvar", 1, 0), (gap.Area, gap.Required, gap.Scheduled));
        var unplanned = Assert.Single(coverage.UnplannedItems);
        Assert.Equal(("Arbete med barnkonventionen", 5), (unplanned.Item.Title, unplanned.MeetingDate.Month));
    }

    [Fact]
    public async Task Coverage_is_served_as_json_too_for_dashboards()
    {
        var tenant = NewTenant();
        await host.Client(tenant).ImportCalendarAsync(Calendar());
        using var http = host.HttpClient(tenant);

        var json = await http.GetStringAsync("/v1/calendars/RS/2022/coverage");

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var gap = Assert.Single(doc.RootElement.GetProperty("gaps").EnumerateArray());
        Assert.Equal(("Civilt försvar", "FOLLOW_UP_FREQUENCY_ONCE"), (gap.GetProperty("area").GetString(), gap.GetProperty("frequency").GetString()));
        Assert.False(doc.RootElement.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Setting_the_plan_with_a_stale_etag_is_aborted()
    {
        var client = host.Client(NewTenant());
        await client.ImportCalendarAsync(Calendar());
        var areas = new[] { new FollowUpArea { Name = "Civilt försvar", Frequency = FollowUpFrequency.Once } };

        var plan = await client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = "1", Areas = { areas } });
        await FailsWith(StatusCode.Aborted, () => client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = "1", Areas = { areas } }).ResponseAsync);

        Assert.Equal("2", plan.Etag);
        var coverage = await client.GetCoverageAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal("Civilt försvar", Assert.Single(coverage.Gaps).Area);
        await InvalidArgument(() => client.SetFollowUpPlanAsync(new() { BodyCode = "", Year = 1999, Etag = plan.Etag, Areas = { new FollowUpArea() } }).ResponseAsync,
            "body_code", "year", "areas[0].name", "areas[0].frequency");
    }

    [Fact]
    public async Task The_plan_is_set_with_its_etag_and_the_first_one_with_the_0_a_calendar_without_plan_shows()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        var created = await client.CreateCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        var areas = new[] { new FollowUpArea { Name = "Folkhälsa", Frequency = FollowUpFrequency.Once } };
        Assert.Equal("0", created.Plan.Etag);

        await InvalidArgument(() => client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Areas = { areas } }).ResponseAsync, "etag");
        await FailsWith(StatusCode.Aborted, () => client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = "1", Areas = { areas } }).ResponseAsync);
        Assert.Equal("calendars=1, meetings=0, items=0, plans=0", await host.RowCountsAsync(tenant));

        var first = await client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = created.Plan.Etag, Areas = { areas } });
        await InvalidArgument(() => client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = " ", Areas = { areas } }).ResponseAsync, "etag");
        await FailsWith(StatusCode.Aborted, () => client.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = "0", Areas = { areas } }).ResponseAsync);

        var read = await client.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(("1", "1", "Folkhälsa"), (first.Etag, read.Plan.Etag, Assert.Single(read.Plan.Areas).Name));
    }
}
