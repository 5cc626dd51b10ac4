using Grpc.Core;
using Region.Meetings.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;
using GTime = Google.Type.TimeOfDay;

namespace Region.Meetings.Tests.Grpc;

/// One table per RPC: each bad request is INVALID_ARGUMENT naming exactly its bad fields, never
/// quotes a long input whole, and writes nothing. (ListCalendars and AnnounceSnapshot take no input.)
public sealed class ValidationTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    private static readonly string Huge = RpcTables.Huge;
    private const string Nul = "RS\0";
    private static readonly string Code41 = new('A', 41);

    private async Task<(MeetingsService.MeetingsServiceClient Client, string Tenant, Calendar Calendar)> ImportedAsync()
    {
        host.Clock.SetToday(2022, 1, 10);
        var tenant = NewTenant();
        var client = host.Client(tenant);
        return (client, tenant, await client.ImportCalendarAsync(Calendar()));
    }

    private Task AllRefused(string tenant, params (Func<Task> Call, string[] Fields)[] table) =>
        RpcTables.AllRefusedAsync(() => host.RowCountsAsync(tenant), table);

    [Fact]
    public async Task CreateCalendar_and_GetCalendar_refuse_bad_codes_years_and_names()
    {
        var (c, tenant, _) = await ImportedAsync();
        await AllRefused(tenant,
            (() => c.CreateCalendarAsync(new() { BodyCode = "", Year = 0, Name = new string('n', 201) }).ResponseAsync, ["body_code", "year", "name"]),
            (() => c.CreateCalendarAsync(new() { BodyCode = Huge, Year = 2022 }).ResponseAsync, ["body_code"]),
            (() => c.CreateCalendarAsync(new() { BodyCode = Nul, Year = 2023, Name = "Sammanträden\n2023" }).ResponseAsync, ["body_code", "name"]),
            (() => c.CreateCalendarAsync(new() { BodyCode = Code41, Year = 2023 }).ResponseAsync, ["body_code"]),
            (() => c.GetCalendarAsync(new() { BodyCode = "R/S", Year = int.MinValue }).ResponseAsync, ["body_code", "year"]),
            (() => c.GetCalendarAsync(new() { BodyCode = Huge, Year = 2022 }).ResponseAsync, ["body_code"]));
    }

    [Fact]
    public async Task ImportCalendar_refuses_every_bad_field_and_too_much_with_one_violation()
    {
        var tenant = NewTenant();
        var c = host.Client(tenant);
        var bad = Calendar("HSN");
        bad.Name = "\u0000";
        bad.Plan[0].Name = Nul;
        bad.Plan[1].Frequency = (FollowUpFrequency)99;
        bad.Meetings[0].Kind = (MeetingKind)99;
        bad.Meetings[1].Title = new string('t', 201);
        bad.Meetings[2].Place = "Regionens\thus";
        bad.Meetings[3].Items[0] = new AgendaItem
        {
            Category = (AgendaCategory)99, Title = new string('t', 501), ResponsibleRole = new string('r', 101), CaseNumber = "RS/818/2021/" + Code41, FollowUpArea = Huge,
        };
        var manyMeetings = Calendar("HSN");
        manyMeetings.Meetings.Clear();
        manyMeetings.Meetings.AddRange(Enumerable.Range(0, 20_000).Select(i => OnDay(i % 365)));
        var manyItems = Calendar("HSN");
        manyItems.Meetings.Clear();
        manyItems.Meetings.AddRange(Enumerable.Range(0, 11).Select(i => OnDay(7 * i, items: 100)));
        var manyAreas = Calendar("HSN");
        manyAreas.Plan.AddRange(Enumerable.Range(0, 200).Select(i => new FollowUpArea { Name = $"Område {i}", Frequency = FollowUpFrequency.Once }));

        await AllRefused(tenant,
            (() => c.ImportCalendarAsync(bad).ResponseAsync,
                ["name", "plan[0].name", "plan[1].frequency", "meetings[0].kind", "meetings[1].title", "meetings[2].place", "meetings[3].items[0].category",
                 "meetings[3].items[0].title", "meetings[3].items[0].responsible_role", "meetings[3].items[0].case_number", "meetings[3].items[0].follow_up_area"]),
            (() => c.ImportCalendarAsync(manyMeetings).ResponseAsync, ["meetings"]),
            (() => c.ImportCalendarAsync(manyItems).ResponseAsync, ["meetings"]),
            (() => c.ImportCalendarAsync(manyAreas).ResponseAsync, ["plan"]),
            (() => c.ImportCalendarAsync(new() { BodyCode = "RS", Year = 2022, Meetings = { OnDay(1, items: 101) } }).ResponseAsync, ["meetings[0].items"]));
    }

    [Fact]
    public async Task ScheduleMeeting_and_GetMeeting_refuse_bad_fields()
    {
        var (c, tenant, _) = await ImportedAsync();
        var bad = new MeetingInput
        {
            Kind = (MeetingKind)99, Title = "Sammanträde\u0007", StartDate = new Google.Type.Date { Year = 2022, Month = 2, Day = 30 }, StartTime = new GTime { Hours = 25 },
            Items = { new AgendaItem { Category = AgendaCategory.Recurring, Title = "Rapport", CaseNumber = "RS\n818" } },
        };
        await AllRefused(tenant,
            (() => c.ScheduleMeetingAsync(new() { BodyCode = Nul, Year = 2101, Meeting = bad }).ResponseAsync,
                ["body_code", "year", "meeting.kind", "meeting.title", "meeting.start_date", "meeting.start_time", "meeting.items[0].case_number"]),
            (() => c.ScheduleMeetingAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync, ["meeting.kind", "meeting.start_date"]),
            (() => c.GetMeetingAsync(new() { MeetingId = Huge }).ResponseAsync, ["meeting_id"]));
    }

    [Fact]
    public async Task MoveMeeting_and_CancelMeeting_refuse_bad_ids_etags_dates_and_places()
    {
        var (c, tenant, calendar) = await ImportedAsync();
        var may = calendar.Meetings[2];
        await AllRefused(tenant,
            (() => c.MoveMeetingAsync(new() { MeetingId = may.Id, Place = new string('p', 201) }).ResponseAsync, ["start_date", "place", "etag"]),
            (() => c.MoveMeetingAsync(new() { MeetingId = "x", Etag = may.Etag, StartDate = Date(2, 30), EndTime = new GTime { Minutes = 60 } }).ResponseAsync,
                ["start_date", "end_time", "meeting_id"]),
            (() => c.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(6, 14), Place = "Östersund\0" }).ResponseAsync, ["place"]),
            (() => c.CancelMeetingAsync(new() { MeetingId = Huge, Etag = "" }).ResponseAsync, ["meeting_id", "etag"]));
    }

    [Fact]
    public async Task AddAgendaItem_and_RemoveAgendaItem_refuse_bad_items_and_ids()
    {
        var (c, tenant, calendar) = await ImportedAsync();
        var october = calendar.Meetings[3];
        await AllRefused(tenant,
            (() => c.AddAgendaItemAsync(new() { MeetingId = october.Id, Etag = october.Etag, Item = new AgendaItem { Category = (AgendaCategory)(-1), CaseNumber = Code41 } }).ResponseAsync,
                ["item.category", "item.title", "item.case_number"]),
            (() => c.AddAgendaItemAsync(new() { MeetingId = october.Id, Etag = october.Etag }).ResponseAsync, ["item.category", "item.title"]),
            (() => c.RemoveAgendaItemAsync(new() { MeetingId = "x", ItemId = Huge }).ResponseAsync, ["item_id", "meeting_id", "etag"]));
    }

    [Fact]
    public async Task SetFollowUpPlan_refuses_bad_keys_areas_and_too_many_areas()
    {
        var (c, tenant, calendar) = await ImportedAsync();
        var tooMany = new SetFollowUpPlanRequest { BodyCode = "RS", Year = 2022, Etag = calendar.Plan.Etag };
        tooMany.Areas.AddRange(Enumerable.Range(0, 201).Select(i => new FollowUpArea { Name = $"Område {i}", Frequency = FollowUpFrequency.Once }));
        await AllRefused(tenant,
            (() => c.SetFollowUpPlanAsync(new() { BodyCode = Code41, Year = 1999 }).ResponseAsync, ["body_code", "year", "areas", "etag"]),
            (() => c.SetFollowUpPlanAsync(tooMany).ResponseAsync, ["areas"]),
            (() => c.SetFollowUpPlanAsync(new() { BodyCode = "RS", Year = 2022, Etag = calendar.Plan.Etag, Areas = { new FollowUpArea { Name = Huge, Frequency = (FollowUpFrequency)99 } } }).ResponseAsync,
                ["areas[0].name", "areas[0].frequency"]));
    }

    [Fact]
    public async Task GetCoverage_and_ExportCalendar_refuse_bad_keys()
    {
        var (c, tenant, _) = await ImportedAsync();
        await AllRefused(tenant,
            (() => c.GetCoverageAsync(new() { BodyCode = "", Year = 0 }).ResponseAsync, ["body_code", "year"]),
            (() => c.GetCoverageAsync(new() { BodyCode = "\u202ERS", Year = 2022 }).ResponseAsync, ["body_code"]),
            (() => c.ExportCalendarAsync(new() { BodyCode = Huge, Year = 2022 }).ResponseAsync, ["body_code"]),
            (() => c.ExportCalendarAsync(new() { BodyCode = "RS", Year = int.MaxValue }).ResponseAsync, ["year"]));
    }
}
