using Region.Goals.V1;
using Region.TestSupport;
using static Region.TestSupport.AuditTrail;

namespace Region.Goals.Tests.Grpc;

/// The audit trail as goals writes it: a recorded outcome leaves who, what, the values and the
/// call's trace; a rejected recording leaves nothing; the rows cannot be changed.
public sealed class AuditTrailTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private static Region.Common.V1.Period Tertial2 => SamplePlan.T(2);

    [Fact]
    public async Task RecordOutcome_leaves_an_entry_with_who_the_value_and_the_trace_of_the_call()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        string traceId, requestId;
        using (var trace = StartTrace())
        {
            await client.RecordOutcomeAsync(new()
            {
                BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = Tertial2, Outcome = new() { Total = "4.5" }, Etag = "0",
            }, trace.Headers);
            (traceId, requestId) = (trace.TraceId, trace.RequestId);
        }

        var call = (await EntriesAsync(host.Invoker(tenant))).Where(e => e.TraceId == traceId).ToList();
        var outcome = Assert.Single(call);
        var subject = SubjectOf(await host.TokenAsync(tenant));
        Assert.Equal((subject, "test.user", "/region.goals.v1.GoalsService/RecordOutcome", requestId, "GoalOutcome", "added", ""),
            (outcome.Subject, outcome.SubjectName, outcome.Rpc, outcome.RequestId, outcome.ObjectKind, outcome.Action, outcome.BeforeJson));
        Assert.Equal(4.5m, (decimal)Field(outcome.AfterJson, "Total")!);
        Assert.Equal("test.user", (string)Field(outcome.AfterJson, "RecordedBy")!);
    }

    [Fact]
    public async Task A_rejected_recording_writes_no_entry_and_the_rows_cannot_be_changed()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var before = await EntriesAsync(host.Invoker(tenant));

        await Rpc.FailsWith(global::Grpc.Core.StatusCode.Aborted, () => client.RecordOutcomeAsync(new()
            { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = Tertial2, Outcome = new() { Total = "4.5" }, Etag = "7" }).ResponseAsync);

        Assert.Equal(before.Select(e => e.Id), (await EntriesAsync(host.Invoker(tenant))).Select(e => e.Id));
        await AssertImmutableAsync(host.ConnectionString);
    }
}
