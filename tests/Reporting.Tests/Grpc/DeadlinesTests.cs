using Grpc.Core;
using Region.Reporting.ReadModel;
using Region.Reporting.V1;
using Region.ServiceDefaults.OrgUnits;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;
using static Region.TestSupport.Rpc;

namespace Region.Reporting.Tests.Grpc;

/// ListDeadlines and SetDeadlineLeadTime over meetings in the read model.
public sealed class DeadlinesTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    /// RS with a May meeting presenting tertial 1, a cancelled August one and a September one
    /// presenting tertial 2, and a December one presenting tertial 2 again; nothing presents the year.
    async Task<string> SeedAsync()
    {
        var tenant = ReportingHost.NewTenant();
        await using var db = host.Db(tenant);
        db.OrgUnits.Add(new OrgUnitReplica { Code = "RS", Name = "Regionstyrelsen", Level = "Body", Version = 1 });
        db.OrgUnits.Add(new OrgUnitReplica { Code = "HSN", Name = "Hälso- och sjukvårdsnämnden", Level = "Body", Version = 1 });
        AgendaItemRow Covers(string title, int number) => new(title, "Ekonomidirektör", 2022, "Tertial", number);
        db.Meetings.AddRange(
            new MeetingRow { MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new(2022, 5, 31), Items = [Covers("Tertialrapport april", 1)], Version = 1 },
            new MeetingRow { MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new(2022, 8, 30), Items = [Covers("Inställt", 2)], Cancelled = true, Version = 1 },
            new MeetingRow { MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new(2022, 12, 6), Items = [Covers("Delårsrapport igen", 2)], Version = 1 },
            new MeetingRow { MeetingId = Guid.NewGuid(), BodyCode = "RS", Year = 2022, Kind = "BoardMeeting", StartDate = new(2022, 9, 27), Items = [new("Övrigt", null, null, null, null), Covers("Delårsbokslut augusti", 2)], Version = 1 });
        await db.SaveChangesAsync();
        return tenant;
    }

    static string Line(ReportingDeadline d) =>
        $"{d.BodyCode} {d.Period} {(d.DueDate is null ? "-" : $"{d.DueDate.Year}-{d.DueDate.Month:00}-{d.DueDate.Day:00}")} {d.AgendaItem} {d.LeadTimeDays}";

    [Fact]
    public async Task The_deadline_is_the_first_meeting_presenting_the_period_minus_the_lead_time_and_a_period_without_one_is_a_finding()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);

        var deadlines = await client.ListDeadlinesAsync(new() { Year = 2022 });

        Assert.Equal(["RS 2022-T1 2022-05-17 Tertialrapport april 14", "RS 2022-T2 2022-09-13 Delårsbokslut augusti 14", "RS 2022-Y -  14"],
            deadlines.Deadlines.Select(Line));
        var year = deadlines.Deadlines[2];
        Assert.Contains("2022-Y", year.Finding);
        Assert.Null(year.MeetingDate);
        Assert.Equal("tertial 2 2022 (per augusti)", deadlines.Deadlines[1].PeriodLabel);
        Assert.All(deadlines.Deadlines.Take(2), d => Assert.Equal("", d.Finding));
    }

    [Fact]
    public async Task A_bodys_lead_time_moves_its_deadlines_and_is_audited()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);
        string traceId;
        using (var trace = StartTrace())
        {
            var set = await client.SetDeadlineLeadTimeAsync(new() { BodyCode = "rs", Days = 21 }, trace.Headers);
            Assert.Equal(("RS", 21), (set.BodyCode, set.Days));
            traceId = trace.TraceId;
        }
        await client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 7 });

        var t2 = (await client.ListDeadlinesAsync(new() { Year = 2022, BodyCode = "RS" })).Deadlines[1];
        Assert.Equal("RS 2022-T2 2022-09-20 Delårsbokslut augusti 7", Line(t2));
        // HSN has no meetings: its periods are all findings, at the default lead time.
        var hsn = await client.ListDeadlinesAsync(new() { Year = 2022, BodyCode = "HSN" });
        Assert.All(hsn.Deadlines, d => Assert.Equal((14, true), (d.LeadTimeDays, d.Finding.Length > 0)));
        var entry = Assert.Single(await EntriesAsync(host.Invoker(tenant)), e => e.TraceId == traceId);
        Assert.Equal(("/region.reporting.v1.ReportingService/SetDeadlineLeadTime", "DeadlineLeadTime"), (entry.Rpc, entry.ObjectKind));
    }

    [Fact]
    public async Task A_lead_time_set_on_a_stale_etag_is_aborted_and_stays_as_it_was()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);
        async Task<ReportingDeadline> RsT1Async() => (await client.ListDeadlinesAsync(new() { Year = 2022, BodyCode = "RS" })).Deadlines[0];
        var read = await RsT1Async();
        Assert.Equal(("none", 14), (read.LeadTimeEtag, read.LeadTimeDays));

        var first = await client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 21, Etag = read.LeadTimeEtag });
        Assert.Equal(first.Etag, (await RsT1Async()).LeadTimeEtag);
        // Someone who read the default before the first setting, and someone who read the first one twice.
        var stale = await FailsWith(StatusCode.Aborted, () => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 7, Etag = "none" }).ResponseAsync);
        Assert.Contains("lead time of RS", stale.Status.Detail);
        var second = await client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 10, Etag = first.Etag });
        Assert.NotEqual(first.Etag, second.Etag);
        await FailsWith(StatusCode.Aborted, () => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 3, Etag = first.Etag }).ResponseAsync);
        var now = await RsT1Async();
        Assert.Equal((10, second.Etag), (now.LeadTimeDays, now.LeadTimeEtag));

        // Without an etag the lead time is replaced, whatever it was (a PUT without If-Match).
        var replaced = await client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 5 });
        var afterReplace = await RsT1Async();
        Assert.Equal((5, replaced.Etag), (afterReplace.LeadTimeDays, afterReplace.LeadTimeEtag));
        await InvalidArgument(() => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 5, Etag = new string('9', 21) }).ResponseAsync, "etag");
        Assert.Equal(5, (await RsT1Async()).LeadTimeDays);
    }

    [Fact]
    public async Task Bad_years_bodies_and_lead_times_are_refused()
    {
        var tenant = await SeedAsync();
        var client = host.Client(tenant);
        await InvalidArgument(() => client.ListDeadlinesAsync(new() { Year = 1999, BodyCode = "R S" }).ResponseAsync, "year", "body_code");
        await InvalidArgument(() => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "", Days = 121 }).ResponseAsync, "body_code", "days");
        await InvalidArgument(() => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = -1 }).ResponseAsync, "days");
        await FailsWith(StatusCode.NotFound, () => client.ListDeadlinesAsync(new() { Year = 2022, BodyCode = "NOPE" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.SetDeadlineLeadTimeAsync(new() { BodyCode = "NOPE", Days = 7 }).ResponseAsync);
        var reader = new ReportingService.ReportingServiceClient(host.Invoker(tenant, ["reader"]));
        await FailsWith(StatusCode.PermissionDenied, () => reader.SetDeadlineLeadTimeAsync(new() { BodyCode = "RS", Days = 7 }).ResponseAsync);
    }
}
