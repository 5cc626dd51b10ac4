using Grpc.Core;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;
using static Region.TestSupport.Rpc;
using static Region.Meetings.Tests.Grpc.Sample;

namespace Region.Meetings.Tests.Grpc;

/// Meetings record who: every change of a meeting is in the audit trail with the caller, the call
/// and the changed fields before and after.
public sealed class AuditTrailTests(MeetingsHost host) : IClassFixture<MeetingsHost>
{
    [Fact]
    public async Task Moving_a_meeting_leaves_an_entry_with_who_the_dates_before_and_after_and_the_trace_of_the_call()
    {
        var tenant = NewTenant();
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(tenant, "Sara Sekreterare");
        var may = (await client.ImportCalendarAsync(Calendar())).Meetings[2];

        string traceId, requestId;
        using (var trace = StartTrace())
        {
            await client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(6, 14) }, trace.Headers);
            (traceId, requestId) = (trace.TraceId, trace.RequestId);
        }

        var entries = await EntriesAsync(host.Invoker(tenant), "Meeting", may.Id);
        var move = Assert.Single(entries, e => e.TraceId == traceId);
        Assert.Equal((SubjectOf(await host.TokenAsync(tenant, "Sara Sekreterare")), "Sara Sekreterare", "/region.meetings.v1.MeetingsService/MoveMeeting", requestId, "modified"),
            (move.Subject, move.SubjectName, move.Rpc, move.RequestId, move.Action));
        Assert.Equal(("2022-05-31", "2022-06-14"), ((string)Field(move.BeforeJson, "StartDate")!, (string)Field(move.AfterJson, "StartDate")!));
        Assert.Contains("Version", Fields(move.AfterJson));
        Assert.DoesNotContain("Title", Fields(move.AfterJson)); // unchanged fields are left out
        Assert.Equal(Fields(move.BeforeJson), Fields(move.AfterJson));
        Assert.Equal("added", entries[^1].Action); // the import, first
    }

    [Fact]
    public async Task A_rejected_move_writes_no_audit_entry()
    {
        var tenant = NewTenant();
        host.Clock.SetToday(2022, 1, 10);
        var client = host.Client(tenant);
        var may = (await client.ImportCalendarAsync(Calendar())).Meetings[2];
        await client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(6, 14) });
        var before = await EntriesAsync(host.Invoker(tenant));

        await FailsWith(StatusCode.Aborted, () => client.MoveMeetingAsync(new() { MeetingId = may.Id, Etag = may.Etag, StartDate = Date(6, 21) }).ResponseAsync);
        await InvalidArgument(() => client.MoveMeetingAsync(new() { MeetingId = may.Id, StartDate = Date(6, 21) }).ResponseAsync, "etag");

        Assert.Equal(before.Select(e => e.Id), (await EntriesAsync(host.Invoker(tenant))).Select(e => e.Id));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_updated_deleted_or_truncated_through_the_services_connection()
    {
        host.Clock.SetToday(2022, 1, 10);
        await host.Client(NewTenant()).ImportCalendarAsync(Calendar());
        await AssertImmutableAsync(host.ConnectionString);
    }
}
