using Region.Contracts.Events;
using Region.Goals.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Grpc;

/// RecordOutcome with a value per scope for HALSA-3 ("4,8 % (RJH) 4,8 % (RS)", at most): judged per scope,
/// announced with the scopes, refused with every violation listed when the scopes do not fit the target.
public sealed class PerScopeOutcomeTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private static RecordOutcomeRequest Outcome(string goal, params (string Scope, string Value)[] scopes)
    {
        var request = new RecordOutcomeRequest { BodyCode = "RS", Year = 2022, GoalCode = goal, Period = T(2), Outcome = new(), Etag = "0" };
        request.Scopes.AddRange(scopes.Select(s => new ScopeOutcome { Scope = s.Scope, Value = s.Value }));
        return request;
    }

    [Fact]
    public async Task Sick_leave_per_unit_is_judged_per_scope_and_announced_with_each_scope_s_status()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var (tenant, client) = await host.TenantWithSamplePlanAsync();

        // RJH 5,1: 4,8 / 5,1 = 94 %, yellow; RS 4,2: green. The worst scope gives the goal's status.
        var followUp = await client.RecordOutcomeAsync(Outcome("HALSA-3", ("rjh", "5,1"), ("RS", "4.2")));

        Assert.Equal((GoalStatus.Yellow, GoalStatus.Yellow), (followUp.Status, followUp.ComputedStatus));
        Assert.Equal([("RJH", "5.1", "4.8", Bound.AtMost, GoalStatus.Yellow), ("RS", "4.2", "4.8", Bound.AtMost, GoalStatus.Green)],
            followUp.ScopeStatuses.Select(s => (s.Scope, s.Value, s.Target, s.Bound, s.Status)));
        // Without a total the first scope's value is the total.
        Assert.Equal(("5.1", 2), (followUp.Outcome.Outcome.Total, followUp.Outcome.Scopes.Count));
        var listed = await client.ListGoalsAsync(new ListGoalsRequest { BodyCode = "RS", Year = 2022, Period = T(2) });
        Assert.Equal(2, listed.Goals.Single(g => g.Goal.Code == "HALSA-3").ScopeStatuses.Count);

        await events.WaitUntil(e => e.Of<GoalOutcomeRecorded>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the outcome's event");
        var announced = events.Of<GoalOutcomeRecorded>(tenant).Single();
        Assert.Equal([new ScopeOutcomeData("RJH", 5.1m, "Yellow", "AtMost", 4.8m, "%"), new ScopeOutcomeData("RS", 4.2m, "Green", "AtMost", 4.8m, "%")],
            announced.Scopes!);
    }

    [Fact]
    public async Task An_outcome_with_only_a_total_is_judged_against_the_first_scope_as_before_and_announced_without_scopes()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var (tenant, client) = await host.TenantWithSamplePlanAsync();

        var followUp = await client.RecordOutcomeAsync(new RecordOutcomeRequest(Outcome("HALSA-3")) { Outcome = new() { Total = "5.2" } });

        Assert.Equal(GoalStatus.Yellow, followUp.Status); // 4.8 / 5.2 = 92 %
        Assert.Empty(followUp.ScopeStatuses);
        Assert.Empty(followUp.Outcome.Scopes);
        await events.WaitUntil(e => e.Of<GoalOutcomeRecorded>(tenant).Count == 1, TimeSpan.FromSeconds(30), "the outcome's event");
        Assert.Null(events.Of<GoalOutcomeRecorded>(tenant).Single().Scopes);
    }

    [Fact]
    public async Task Scopes_that_do_not_fit_the_target_are_all_listed_and_nothing_is_written()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var before = await host.RowCountsAsync(tenant);

        // An unknown scope, RJH twice, RS left out, and a value missing: four violations in one answer.
        var violations = await InvalidArgument(() => client.RecordOutcomeAsync(Outcome("HALSA-3", ("RJH", "5.1"), ("Jämtland", "4.0"), ("RJH", ""))).ResponseAsync,
            "scopes[1].scope", "scopes[2].scope", "scopes[2].value", "scopes");
        Assert.Contains(violations, v => v.Description.Contains("The value for RS is missing", StringComparison.Ordinal));
        // Scopes for a goal whose target is not per scope.
        await InvalidArgument(() => client.RecordOutcomeAsync(Outcome("HALSA-1", ("RS", "70"))).ResponseAsync, "scopes");
        // A value that is no number is refused with the request's other faults, before the goal is read.
        await InvalidArgument(() => client.RecordOutcomeAsync(new RecordOutcomeRequest(Outcome("HALSA-3", ("RJH", "fem"), ("RS", "4"))) { Etag = "" }).ResponseAsync,
            "scopes[0].value", "etag");
        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }
}
