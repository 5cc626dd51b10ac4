using Grpc.Core;
using Region.Meetings.V1;
using Region.ServiceDefaults.Auth;
using static Region.Meetings.Tests.Grpc.Sample;
using static Region.TestSupport.Rpc;

namespace Region.Meetings.Tests.Grpc;

/// Unit scope with real tokens: a calendar belongs to a body, a unit. A planner scoped to the body
/// RS changes RS's calendar, not the calendar of its sibling body HSN or of the region RJH above
/// it; a planner of an area below RS changes no calendar of RS. Reads stay open; admins are not limited.
public sealed class UnitScopeTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    private MeetingsService.MeetingsServiceClient Planner(string tenant, string scope, string role = RegionRoles.Planner) =>
        host.Client(tenant, [role], scope);

    /// A tenant whose replica knows the units, with the sample calendar of 2022 for RS, HSN and RJH.
    private async Task<string> TenantAsync()
    {
        var tenant = NewTenant();
        await host.SeedUnitsAsync(tenant);
        foreach (var body in new[] { "RS", "HSN", "RJH" }) await host.Client(tenant).ImportCalendarAsync(Calendar(body));
        return tenant;
    }

    [Fact]
    public async Task A_planner_scoped_to_a_body_changes_its_calendar()
    {
        host.Clock.SetToday(2022, 1, 10);
        var tenant = await TenantAsync();
        var planner = Planner(tenant, "RS");

        await planner.CreateCalendarAsync(new() { BodyCode = "rs", Year = 2023 });
        var scheduled = await planner.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022, Meeting = OnDay(40) });
        var withItem = await planner.AddAgendaItemAsync(new() { MeetingId = scheduled.Id, Etag = scheduled.Etag, Item = Item("Ärende", AgendaCategory.Theme, "Regiondirektör") });
        var moved = await planner.MoveMeetingAsync(new() { MeetingId = withItem.Id, Etag = withItem.Etag, StartDate = Date(2, 15) });
        await planner.CancelMeetingAsync(new() { MeetingId = moved.Id, Etag = moved.Etag });
        var plan = await planner.GetCalendarAsync(new() { BodyCode = "RS", Year = 2022 });
        await planner.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = plan.Plan.Etag, Areas = { new FollowUpArea { Name = "Folkhälsa", Frequency = FollowUpFrequency.Once } } });
        var feed = await planner.CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });
        await planner.RevokeCalendarFeedAsync(new() { Id = feed.Feed.Id });

        Assert.True((await planner.GetMeetingAsync(new() { MeetingId = moved.Id })).Cancelled);
    }

    [Fact]
    public async Task Calendars_of_a_sibling_or_a_parent_are_denied_and_nothing_is_written()
    {
        host.Clock.SetToday(2022, 1, 10);
        var tenant = await TenantAsync();
        var admin = host.Client(tenant);
        var hsnFeed = await admin.CreateCalendarFeedAsync(new() { BodyCode = "HSN", Year = 2022 });
        var before = (await host.RowCountsAsync(tenant), await host.FeedCountsAsync(tenant));

        foreach (var (planner, body) in new[] { (Planner(tenant, "RS"), "HSN"), (Planner(tenant, "RS"), "RJH"), (Planner(tenant, "RST"), "RS") })
        {
            var calendar = await planner.GetCalendarAsync(new() { BodyCode = body, Year = 2022 });
            var meeting = calendar.Meetings.Last();
            await FailsWith(StatusCode.PermissionDenied, () => planner.CreateCalendarAsync(new() { BodyCode = body, Year = 2023 }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.ScheduleMeetingAsync(new() { BodyCode = body, Year = 2022, Meeting = OnDay(40) }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.MoveMeetingAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, StartDate = Date(12, 1) }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.CancelMeetingAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.AddAgendaItemAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, Item = Item("Ärende", AgendaCategory.Theme, "Regiondirektör") }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.RemoveAgendaItemAsync(new() { MeetingId = meeting.Id, Etag = meeting.Etag, ItemId = meeting.Items[0].Id }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.SetFollowUpPlanAsync(new() { BodyCode = body, Year = 2022, Etag = calendar.Plan.Etag, Areas = { new FollowUpArea { Name = "Folkhälsa", Frequency = FollowUpFrequency.Once } } }).ResponseAsync);
            await FailsWith(StatusCode.PermissionDenied, () => planner.CreateCalendarFeedAsync(new() { BodyCode = body, Year = 2022 }).ResponseAsync);
        }
        await FailsWith(StatusCode.PermissionDenied, () => Planner(tenant, "RS").RevokeCalendarFeedAsync(new() { Id = hsnFeed.Feed.Id }).ResponseAsync);

        Assert.Equal(before, (await host.RowCountsAsync(tenant), await host.FeedCountsAsync(tenant)));
    }

    [Fact]
    public async Task Without_the_units_in_the_replica_a_scoped_planner_changes_nothing_and_an_admin_is_not_limited()
    {
        var tenant = NewTenant();
        await host.Client(tenant).ImportCalendarAsync(Calendar());

        // The replica has not heard of RS yet: refused rather than guessed.
        await FailsWith(StatusCode.PermissionDenied, () => Planner(tenant, "RS").CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await Planner(tenant, "HSN", RegionRoles.Admin).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });
        await host.Client(tenant, [RegionRoles.Planner], null).CreateCalendarFeedAsync(new() { BodyCode = "RS", Year = 2022 });

        Assert.Equal(2, (await host.Client(tenant).ListCalendarFeedsAsync(new() { BodyCode = "RS", Year = 2022 })).Feeds.Count);
    }
}
