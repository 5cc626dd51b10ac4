using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Region.Budget.V1;
using Region.Common.V1;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;
using static Region.TestSupport.Rpc;

namespace Region.Budget.Tests.Grpc;

/// The audit trail as budget writes it: every accepted write leaves who, what, before/after, the
/// call's trace and request id; a rejected one leaves nothing; the rows cannot be changed.
public sealed class AuditTrailTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static FrameAmounts Personnel(decimal msek) => new() { PersonnelCosts = Seed2022.Sek(msek) };

    [Fact]
    public async Task AdjustFrame_leaves_entries_with_who_what_before_after_and_the_trace_of_the_call()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        string traceId, requestId;
        using (var trace = StartTrace())
        {
            await client.AdjustFrameAsync(new()
            {
                UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation,
                Change = Personnel(-8.2m), Reason = "Prioritering till HR-avdelningen", CaseNumber = "RS/775/2020",
            }, trace.Headers);
            (traceId, requestId) = (trace.TraceId, trace.RequestId);
        }

        var everything = await EntriesAsync(host.Invoker(tenant));
        var call = everything.Where(e => e.TraceId == traceId).ToList();
        Assert.True(call.Count > 0, traceId + " not in " + string.Join(",", everything.Take(4).Select(e => e.TraceId + " " + e.ObjectKind + " " + e.Rpc)));
        var subject = SubjectOf(await host.TokenAsync(tenant));
        Assert.All(call, e => Assert.Equal((subject, "test.user", "/region.budget.v1.BudgetService/AdjustFrame", requestId),
            (e.Subject, e.SubjectName, e.Rpc, e.RequestId)));
        // The frame's changed fields only (its etag and the ledger totals it keeps), before and after.
        var frameEntry = Assert.Single(call, e => e.ObjectKind == "BudgetFrame");
        Assert.Equal(("modified", 1, 2), (frameEntry.Action, (int)Field(frameEntry.BeforeJson, "Version")!, (int)Field(frameEntry.AfterJson, "Version")!));
        Assert.Equal(["Adjustments.PersonnelCosts", "LedgerEntries", "Version"], Fields(frameEntry.AfterJson).Order());
        Assert.Equal((0L, Seed2022.Sek(-8.2m)), ((long)Field(frameEntry.BeforeJson, "Adjustments.PersonnelCosts")!, (long)Field(frameEntry.AfterJson, "Adjustments.PersonnelCosts")!));
        var ledgerEntry = Assert.Single(call, e => e.ObjectKind == "LedgerEntry");
        Assert.Equal(("added", ""), (ledgerEntry.Action, ledgerEntry.BeforeJson));
        Assert.Equal(Seed2022.Sek(-8.2m), (long)Field(ledgerEntry.AfterJson, "Change.PersonnelCosts")!);
        Assert.Equal("RS/775/2020", (string)Field(ledgerEntry.AfterJson, "CaseNumber")!);
        Assert.Equal(frameEntry.ObjectKey, (string)Field(ledgerEntry.AfterJson, "FrameId")!);
        Assert.Equal(2, call.Count);
    }

    [Fact]
    public async Task A_rejected_adjustment_writes_no_audit_entry()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RST", Year = 2022 });
        await client.AdjustFrameAsync(new() { UnitCode = "RST", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation, Change = Personnel(-1m), Reason = "Först" });
        var before = await EntriesAsync(host.Invoker(tenant));

        await FailsWith(StatusCode.Aborted, () => client.AdjustFrameAsync(new()
            { UnitCode = "RST", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Prioritisation, Change = Personnel(-2m), Reason = "Inaktuell etag" }).ResponseAsync);
        await InvalidArgument(() => client.AdjustFrameAsync(new() { UnitCode = "RST", Year = 2022, Kind = AdjustmentKind.Prioritisation, Reason = "" }).ResponseAsync,
            "etag", "change", "reason");

        Assert.Equal(before.Select(e => e.Id), (await EntriesAsync(host.Invoker(tenant))).Select(e => e.Id));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_updated_deleted_or_truncated_through_the_services_connection()
    {
        await host.SeededClientAsync(NewTenant());
        await AssertImmutableAsync(host.ConnectionString);
    }

    [Fact]
    public async Task ListAuditEntries_filters_by_object_subject_and_time_and_pages_newest_first()
    {
        var tenant = NewTenant();
        var client = await host.SeededClientAsync(tenant);
        var frame = await client.GetFrameAsync(new() { UnitCode = "RD", Year = 2022 });
        var other = new BudgetService.BudgetServiceClient(host.Invoker(tenant, "other.user"));
        await other.AdjustFrameAsync(new() { UnitCode = "RD", Year = 2022, Etag = frame.Etag, Kind = AdjustmentKind.Other, Change = Personnel(-1m), Reason = "Annan person" });
        var audit = new AuditService.AuditServiceClient(host.Invoker(tenant));
        var all = await EntriesAsync(host.Invoker(tenant));
        Assert.Equal(all.Select(e => e.Id).OrderDescending(), all.Select(e => e.Id));

        var frameKey = all.First(e => e.ObjectKind == "BudgetFrame" && e.Action == "modified").ObjectKey;
        var ofFrame = await EntriesAsync(host.Invoker(tenant), "BudgetFrame", frameKey);
        Assert.Equal(2, ofFrame.Count); // imported (added), then adjusted (modified)
        Assert.Equal(["modified", "added"], ofFrame.Select(e => e.Action));

        var otherSubject = SubjectOf(await host.TokenAsync(tenant, "other.user"));
        var byOther = await audit.ListAuditEntriesAsync(new() { Subject = otherSubject });
        Assert.Equal(["BudgetFrame", "LedgerEntry"], byOther.Entries.Select(e => e.ObjectKind).Order());

        var last = all[0].At;
        Assert.Empty((await audit.ListAuditEntriesAsync(new() { Since = Timestamp.FromDateTimeOffset(last.ToDateTimeOffset().AddSeconds(1)) })).Entries);
        Assert.Equal(all.Count, (await audit.ListAuditEntriesAsync(new() { Until = Timestamp.FromDateTimeOffset(last.ToDateTimeOffset().AddSeconds(1)), PageSize = 500 })).Entries.Count);

        var paged = new List<long>();
        var request = new ListAuditEntriesRequest { ObjectKind = "OrgUnit", PageSize = 3 };
        do
        {
            var page = await audit.ListAuditEntriesAsync(request);
            Assert.True(page.Entries.Count <= 3);
            paged.AddRange(page.Entries.Select(e => e.Id));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        Assert.Equal(all.Where(e => e.ObjectKind == "OrgUnit").Select(e => e.Id), paged);
        Assert.True(paged.Count > 3);
    }

    [Fact]
    public async Task ListAuditEntries_with_bad_filters_is_invalid_argument_naming_every_one()
    {
        var audit = new AuditService.AuditServiceClient(host.Invoker(NewTenant()));
        await InvalidArgument(() => audit.ListAuditEntriesAsync(new()
        {
            ObjectKey = "3f2c", Subject = new string('s', 201), PageSize = 501, PageToken = "not-a-token",
            Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Until = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        }).ResponseAsync, "object_key", "subject", "page_size", "page_token", "until");
        await InvalidArgument(() => audit.ListAuditEntriesAsync(new() { ObjectKind = "Budget\nFrame", PageSize = -1, Since = new Timestamp { Seconds = -70000000000 } }).ResponseAsync,
            "object_kind", "page_size", "since");
    }
}
