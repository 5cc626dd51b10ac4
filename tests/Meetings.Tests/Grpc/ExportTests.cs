using System.Net;
using Grpc.Core;
using Ical.Net.CalendarComponents;
using Region.Meetings.V1;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;

namespace Region.Meetings.Tests.Grpc;

public sealed class ExportTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    [Fact]
    public async Task The_export_parses_back_as_RFC_5545_with_one_event_per_meeting_and_the_agenda_in_its_description()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        var imported = await client.ImportCalendarAsync(Calendar());

        var export = await client.ExportCalendarAsync(new() { BodyCode = "RS", Year = 2022 });

        // RFC 5545 essentials, on the raw text: the calendar's VERSION and PRODID, every VEVENT's UID, DTSTAMP and DTSTART.
        var lines = export.Ics.Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:-//Region Jämtland Härjedalen//", StringComparison.Ordinal));
        foreach (var property in new[] { "UID:", "DTSTAMP:", "DTSTART" })
            Assert.Equal(4, lines.Count(l => l.StartsWith(property, StringComparison.Ordinal)));
        Assert.Equal("rs-2022.ics", export.FileName);
        // Content lines are folded at 75 octets (RFC 5545 3.1), the Swedish letters counting two.
        Assert.All(lines, l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) <= 75, l));

        var parsed = Ical.Net.Calendar.Load(export.Ics)!;
        Assert.Equal("2.0", parsed.Version);
        Assert.Equal(4, parsed.Events.Count);
        Assert.Equal(imported.Meetings.Select(m => $"{m.Id}@{tenant}.meetings.region"), parsed.Events.Select(e => e.Uid));
        Assert.All(parsed.Events, e => Assert.NotNull(e.DtStamp));

        var twoDays = parsed.Events.Single(e => e.DtStart!.Day == 29);
        Assert.False(twoDays.DtStart!.HasTime);
        Assert.Equal((3, 31), (twoDays.DtEnd!.Month, twoDays.DtEnd.Day)); // exclusive end of an all-day event
        Assert.Contains("Återkommande ärenden", twoDays.Description);
        Assert.Contains("- Månadsrapport per februari (Ekonomidirektör)", twoDays.Description);

        var timed = parsed.Events.Single(e => e.DtStart!.Month == 5);
        Assert.Equal((9, "Europe/Stockholm"), (timed.DtStart!.Hour, timed.DtStart.TzId));
        Assert.Equal((6, 1, 16), (timed.DtEnd!.Month, timed.DtEnd.Day, timed.DtEnd.Hour));
        Assert.Equal("Regionens hus, Östersund", timed.Location);
        Assert.Contains("Uppföljning och fördjupning", timed.Description);
        Assert.Single(parsed.TimeZones);
    }

    [Fact]
    public async Task The_http_feed_serves_the_same_calendar_as_text_calendar_and_a_cancelled_meeting_as_cancelled()
    {
        var tenant = NewTenant();
        var client = host.Client(tenant);
        var imported = await client.ImportCalendarAsync(Calendar());
        host.Clock.SetToday(2022, 1, 10);
        await client.CancelMeetingAsync(new() { MeetingId = imported.Meetings[3].Id, Etag = imported.Meetings[3].Etag });

        // The tenant comes from the bearer token, as for every gRPC call.
        var response = await host.HttpClient(tenant).GetAsync("/v1/calendars/RS/2022/calendar.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var parsed = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(4, parsed.Events.Count);
        var cancelled = parsed.Events.Single(e => e.Uid!.StartsWith(imported.Meetings[3].Id, StringComparison.Ordinal));
        Assert.Equal(("CANCELLED", 1), (cancelled.Status, cancelled.Sequence));
        Assert.Equal(HttpStatusCode.NotFound, (await host.HttpClient(NewTenant()).GetAsync("/v1/calendars/RS/2022/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.HttpClient().GetAsync("/v1/calendars/RS/2022/calendar.ics")).StatusCode);
        // The tenant no longer comes from the URL: without a token ?tenant= opens nothing, and with
        // another tenant's token it does not switch tenants.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.HttpClient().GetAsync($"/v1/calendars/RS/2022/calendar.ics?tenant={tenant}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.HttpClient(NewTenant()).GetAsync($"/v1/calendars/RS/2022/calendar.ics?tenant={tenant}")).StatusCode);
        // A token that may not read (a systems-only role) is refused.
        using var snapshotOnly = host.Factory.CreateDefaultClient(new Region.TestSupport.BearerTokenHandler(() => host.Identity.TokenAsync(tenant, ["snapshot"])));
        Assert.Equal(HttpStatusCode.Forbidden, (await snapshotOnly.GetAsync("/v1/calendars/RS/2022/calendar.ics")).StatusCode);
        await FailsWith(StatusCode.NotFound, () => host.Client(NewTenant()).ExportCalendarAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
    }

    [Fact]
    public async Task The_feed_checks_its_parameters_and_answers_400_naming_each_bad_one()
    {
        var tenant = NewTenant();
        await host.Client(tenant).ImportCalendarAsync(Calendar());
        var http = host.HttpClient();

        async Task<string[]> BadRequest(string url, string? headerTenant = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (headerTenant is not null) request.Headers.TryAddWithoutValidation("x-tenant", headerTenant);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        }

        Assert.Equal(["tenant"], await BadRequest($"/v1/calendars/RS/2022/calendar.ics?tenant=%00{tenant}"));
        Assert.Equal(["tenant"], await BadRequest($"/v1/calendars/RS/2022/calendar.ics?tenant={new string('t', 65)}"));
        Assert.Equal(["x-tenant"], await BadRequest("/v1/calendars/RS/2022/calendar.ics", headerTenant: "a b"));
        Assert.Equal(["body_code", "year"], await BadRequest($"/v1/calendars/{new string('R', 41)}/1999/calendar.ics?tenant={tenant}"));
        Assert.Equal(["body_code"], await BadRequest($"/v1/calendars/R%3BS/2022/calendar.ics?tenant={tenant}"));
        // A body code in any case is the same calendar.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/calendars/rs/2022/calendar.ics?tenant={tenant}")).StatusCode);
    }

    [Fact]
    public async Task Text_with_the_separators_of_iCalendar_comes_back_unchanged_and_injects_no_property()
    {
        var client = host.Client(NewTenant());
        const string hostile = "Budget; beslut, del 2 \\ \"BEGIN:VEVENT\" END:VCALENDAR";
        var request = Calendar();
        request.Name = hostile;
        request.Meetings[1].Title = hostile;
        request.Meetings[1].Place = hostile;
        request.Meetings[1].Items.Add(Item(hostile, AgendaCategory.Theme, "HR-direktör; m.fl."));
        await client.ImportCalendarAsync(request);

        var ics = (await client.ExportCalendarAsync(new() { BodyCode = "RS", Year = 2022 })).Ics;

        var parsed = Ical.Net.Calendar.Load(ics)!;
        Assert.Equal(4, parsed.Events.Count);
        var planning = parsed.Events.Single(e => e.DtStart!.Month == 3 && e.DtStart.Day == 3);
        Assert.Equal((hostile, hostile), (planning.Summary, planning.Location));
        Assert.Contains($"- {hostile} (HR-direktör; m.fl.)", planning.Description);
        Assert.Equal(hostile, parsed.Properties["X-WR-CALNAME"]!.Value);
        Assert.Single(ics.Split("\r\n"), l => l == "END:VCALENDAR");
    }
}
