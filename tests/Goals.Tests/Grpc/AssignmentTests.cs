using Grpc.Core;
using Region.Goals.V1;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

/// Goals under assignments (seed 000: the measurable goals "under uppdragen"): a goal may name an
/// assignment of its revision; the placement is checked, kept and announced.
public sealed class AssignmentTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private const string Body = "RS";
    private const int Year = 2022;

    /// The sample plan with the sick-leave goal (HALSA-3) under the assignment HALSA-9.
    private static ImportPlanRequest Placed(bool adopt)
    {
        var request = SamplePlan.Request(adopt);
        request.Goals.Single(g => g.Code == "HALSA-3").AssignmentCode = "halsa-9";
        return request;
    }

    private async Task<GoalsService.GoalsServiceClient> ClientAsync()
    {
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        return host.Client(tenant);
    }

    [Fact]
    public async Task A_goal_under_an_assignment_keeps_its_place_in_the_plan()
    {
        var client = await ClientAsync();
        await client.ImportPlanAsync(Placed(adopt: true));

        var goals = (await client.ListGoalsAsync(new ListGoalsRequest { BodyCode = Body, Year = Year })).Goals.ToDictionary(g => g.Goal.Code);
        Assert.Equal("HALSA-9", goals["HALSA-3"].Goal.AssignmentCode);
        Assert.Equal("", goals["HALSA-1"].Goal.AssignmentCode);
        Assert.Equal(GoalKind.Assignment, goals["HALSA-9"].Goal.Kind);
    }

    [Fact]
    public async Task Import_with_misplaced_goals_lists_every_violation_and_writes_nothing()
    {
        var client = await ClientAsync();
        var request = SamplePlan.Request();
        request.Goals[0].AssignmentCode = "HALSA-1";   // a goal, not an assignment
        request.Goals[1].AssignmentCode = "UPPDRAG-X"; // no such goal
        request.Goals[2].AssignmentCode = "HALSA-9";   // an assignment under an assignment (itself)

        var violations = await InvalidArgument(() => client.ImportPlanAsync(request).ResponseAsync,
            "goals[0].assignment_code", "goals[1].assignment_code", "goals[2].assignment_code");

        Assert.Contains(violations, v => v.Description.Contains("No assignment 'HALSA-1'", StringComparison.Ordinal));
        Assert.Empty((await client.ListPlansAsync(new ListPlansRequest { BodyCode = Body, Year = Year })).Plans);
    }

    [Fact]
    public async Task An_assignment_with_goals_under_it_can_be_neither_removed_nor_made_a_goal()
    {
        var client = await ClientAsync();
        var plan = await client.ImportPlanAsync(Placed(adopt: false));
        var assignment = SamplePlan.Request().Goals.Single(g => g.Code == "HALSA-9");
        assignment.Kind = GoalKind.Goal;

        await InvalidArgument(() => client.UpsertGoalAsync(new UpsertGoalRequest { BodyCode = Body, Year = Year, Etag = plan.Etag, Goal = assignment }).ResponseAsync,
            "goal.kind");
        var removal = await FailsWith(StatusCode.FailedPrecondition,
            () => client.RemoveGoalAsync(new RemoveGoalRequest { BodyCode = Body, Year = Year, Etag = plan.Etag, GoalCode = "HALSA-9" }).ResponseAsync);
        Assert.Contains("goal HALSA-3", removal.Status.Detail);

        // Once the goal is moved out from under it, the assignment may go.
        var moved = SamplePlan.Request().Goals.Single(g => g.Code == "HALSA-3");
        var r = await client.UpsertGoalAsync(new UpsertGoalRequest { BodyCode = Body, Year = Year, Etag = plan.Etag, Goal = moved });
        r = await client.RemoveGoalAsync(new RemoveGoalRequest { BodyCode = Body, Year = Year, Etag = r.Etag, GoalCode = "HALSA-9" });
        Assert.Equal(2, r.Goals);
    }
}
