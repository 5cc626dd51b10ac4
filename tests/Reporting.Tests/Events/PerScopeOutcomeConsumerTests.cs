using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Contracts.Periods;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Events;

/// A goal outcome recorded per scope reaches the read model with each scope's value, target and status,
/// and the report shows it; an outcome event without scopes (as every event before them) still reads.
public sealed class PerScopeOutcomeConsumerTests(ReportingHost host) : IClassFixture<ReportingHost>
{
    static readonly DateTimeOffset At = new(2022, 9, 5, 9, 0, 0, TimeSpan.Zero);
    static readonly Period August = Period.Tertial(2022, 2);

    [Fact]
    public async Task Scope_values_are_stored_shown_per_scope_in_the_report_and_replaced_by_a_later_total_only_outcome()
    {
        var tenant = ReportingHost.NewTenant();
        var (planId, goalId) = (Guid.NewGuid(), Guid.NewGuid());
        var target = new TargetData("PerScope", "AtMost", null, null, null, null,
            [new ScopedTargetData("RJH", "AtMost", 4.8m, "%"), new ScopedTargetData("RS", "AtMost", 4.8m, "%")], "4,8 % (RJH) 4,8 % (RS)");
        await host.Bus.Publish(new OrgUnitCreated(Guid.NewGuid(), tenant, At, new OrgUnitState("RS", "Regionstyrelsen", "Body", null, null, 1)));
        await host.Bus.Publish(new GoalCreated(Guid.NewGuid(), tenant, At,
            new GoalState(goalId, planId, "RS", 2022, 1, "HALSA", "Hälsa", "Goal", "Sjukfrånvaro", null, null, false, target, false, 1)));
        await host.Bus.Publish(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, At, goalId, planId, August, new OutcomeValues(5.1m, null, null),
            null, null, "anna", At, 1, Scopes: [new("RJH", 5.1m, "Yellow", "AtMost", 4.8m, "%"), new("RS", 4.2m, "Green", "AtMost", 4.8m, "%")]));
        await host.Bus.Publish(new GoalStatusAssessed(Guid.NewGuid(), tenant, At, goalId, planId, August, "Yellow", "Computed", "Yellow", null, null, At, 1));

        var client = host.Client(tenant);
        V1.Report report = null!;
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            if (!db.OrgUnits.Any()) return false;
            report = await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" });
            return report is { ScopedGoals.Count: 1, Goals.Yellow: 1 };
        }, "the goal with its scopes in the report");

        await using (var db = host.Db(tenant))
            Assert.Equal([new GoalScopeOutcome("RJH", 5.1m, "Yellow", "AtMost", 4.8m, "%"), new GoalScopeOutcome("RS", 4.2m, "Green", "AtMost", 4.8m, "%")],
                (await db.GoalPeriods.SingleAsync(p => p.GoalId == goalId)).OutcomeScopes!);
        var line = report.ScopedGoals.Single();
        Assert.Equal([("RJH", 5.1, "Yellow", true, 4.8), ("RS", 4.2, "Green", true, 4.8)], line.Scopes.Select(s => (s.Scope, s.Value, s.Status, s.HasTarget, s.Target)));
        // Counted once, by the goal's status: one yellow goal, not one per scope.
        Assert.Equal((1, 1, 0), (report.Goals.Total, report.Goals.Yellow, report.Goals.Green));
        var markdown = (await client.RenderReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).Content;
        Assert.Contains("| RJH | 5,1 % | högst 4,8 % | Gul |", markdown);
        Assert.Contains("Utfall: RJH 5,1 % (gul), RS 4,2 % (grön).", markdown);

        // Recorded again with a total only: the scopes of the older version go.
        await host.Bus.Publish(new GoalOutcomeRecorded(Guid.NewGuid(), tenant, At, goalId, planId, August, new OutcomeValues(4.9m, null, null),
            null, null, "anna", At, 2));
        await ReportingHost.Eventually(async () =>
        {
            await using var db = host.Db(tenant);
            return await db.GoalPeriods.AnyAsync(p => p.GoalId == goalId && p.OutcomeVersion == 2 && p.OutcomeScopes == null);
        }, "the total-only outcome in the read model");
        Assert.Empty((await client.GetReportAsync(new() { BodyCode = "RS", Period = "2022-T2" })).ScopedGoals);
    }

    [Fact]
    public void An_outcome_event_written_before_scopes_existed_reads_with_none()
    {
        var old = JsonSerializer.Serialize(new GoalOutcomeRecorded(Guid.NewGuid(), "t1", At, Guid.NewGuid(), Guid.NewGuid(), August,
            new OutcomeValues(5.1m, null, null), null, null, "anna", At, 1, FullYearForecast: 5.0m), SystemTextJsonMessageSerializer.Options);
        // The body as it was before the field existed: no "scopes" at all.
        var body = JsonNode.Parse(old)!.AsObject();
        Assert.True(body.Remove("scopes"));
        var withoutScopes = body.ToJsonString();

        var read = JsonSerializer.Deserialize<GoalOutcomeRecorded>(withoutScopes, SystemTextJsonMessageSerializer.Options)!;
        Assert.Equal((5.1m, (decimal?)5.0m, (IReadOnlyList<ScopeOutcomeData>?)null), (read.Outcome.Total, read.FullYearForecast, read.Scopes));
    }
}
