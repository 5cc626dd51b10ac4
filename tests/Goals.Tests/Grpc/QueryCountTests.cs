using System.Text.RegularExpressions;
using Region.Goals.V1;
using static Region.Goals.Tests.Grpc.SamplePlan;

namespace Region.Goals.Tests.Grpc;

/// A recording reads the plan and its progress once and builds the status, the events and the
/// response from what it just added (it used to load the progress three times, about 12 queries).
public sealed class QueryCountTests(CountingGoalsHost host) : IClassFixture<CountingGoalsHost>
{
    /// The commands of one call: the plan, its outcomes, assessments and activity statuses, each read
    /// once; then the one batch that writes the new row and its events.
    private static void AssertOneLoadAndOneWrite(IReadOnlyList<string> commands)
    {
        var listed = string.Join("\n---\n", commands);
        Assert.True(commands.Count == 5, $"{commands.Count} commands:\n{listed}");
        foreach (var table in new[] { "plans", "goal_outcomes", "goal_assessments", "activity_status_changes" })
            Assert.True(commands.Count(c => c.StartsWith("SELECT", StringComparison.Ordinal) && Regex.IsMatch(c, $@"FROM ""?{table}""?\s")) == 1, $"{table} read once:\n{listed}");
        Assert.StartsWith("INSERT", commands[^1]);
    }

    [Fact]
    public async Task Recording_an_outcome_loads_the_progress_once_and_answers_from_it()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var first = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5.2" }, Etag = "0" });
        host.Commands.Clear(tenant);

        var second = await client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "4.6" }, Etag = first.OutcomeEtag });

        AssertOneLoadAndOneWrite(host.Commands.Commands(tenant));
        // The response is the state after the recording: new outcome, history, status and etag.
        Assert.Equal((GoalStatus.Green, "2"), (second.Status, second.OutcomeEtag));
        Assert.Equal(["4.6", "5.2"], second.OutcomeHistory.Select(o => o.Outcome.Total));
    }

    [Fact]
    public async Task Assessing_a_goal_and_setting_an_activity_status_load_the_progress_once()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        host.Commands.Clear(tenant);
        var assessed = await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Yellow, Analysis = "Pågår.", Etag = "0" });
        AssertOneLoadAndOneWrite(host.Commands.Commands(tenant));
        Assert.Equal((GoalStatus.Yellow, "1", 1), (assessed.Status, assessed.AssessmentEtag, assessed.AssessmentHistory.Count));

        host.Commands.Clear(tenant);
        var activity = await client.SetActivityStatusAsync(new() { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Done, Etag = "0" });
        AssertOneLoadAndOneWrite(host.Commands.Commands(tenant));
        Assert.Equal((ActivityStatus.Done, "1"), (activity.RecordedStatus, activity.Etag));
    }
}
