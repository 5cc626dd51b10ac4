using Grpc.Core;
using Region.Goals.V1;
using Region.ServiceDefaults.Auth;
using static Region.Goals.Tests.Grpc.SamplePlan;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

/// Unit scope with real tokens, on the sample plan of RS (goal HALSA-3 and its activity belong to RS,
/// HALSA-1 to Regionstaben RST, and RSE is RST's sibling): a planner of RST follows up RST's goals,
/// not those of RS above it or of a sibling's planner, and changes no part of RS's plan itself.
public sealed class UnitScopeTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private GoalsService.GoalsServiceClient Planner(string tenant, string scope) => new(host.Invoker(tenant, [RegionRoles.Planner], scope));

    private static RecordOutcomeRequest Outcome(string goal) =>
        new() { BodyCode = "RS", Year = 2022, GoalCode = goal, Period = T(2), Outcome = new() { Total = "95" }, Etag = "0" };

    [Fact]
    public async Task An_area_planner_records_the_outcomes_of_the_areas_goals()
    {
        var (tenant, _) = await host.TenantWithSamplePlanAsync();
        var planner = Planner(tenant, "RST");

        var first = await planner.RecordOutcomeAsync(Outcome("halsa-1"));
        var second = await planner.RecordOutcomeAsync(Outcome("HALSA-9"));

        Assert.Equal(("95", "95"), (first.Outcome.Outcome.Total, second.Outcome.Outcome.Total));
    }

    [Fact]
    public async Task Goals_of_the_parent_or_of_another_area_and_the_bodys_plan_are_denied_and_nothing_is_written()
    {
        var (tenant, admin) = await host.TenantWithSamplePlanAsync();
        await host.AddUnitsAsync(tenant, "RSE");
        var planner = Planner(tenant, "RST");
        var sibling = Planner(tenant, "RSE");
        var before = await host.RowCountsAsync(tenant);

        await FailsWith(StatusCode.PermissionDenied, () => planner.RecordOutcomeAsync(Outcome("HALSA-3")).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => sibling.RecordOutcomeAsync(Outcome("HALSA-1")).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => planner.SetActivityStatusAsync(new()
            { BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Ongoing, Etag = "0" }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => planner.StartRevisionAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied, () => planner.CreatePlanAsync(new() { BodyCode = "RS", Year = 2023, Name = "Plan 2023" }).ResponseAsync);

        Assert.Equal(before, await host.RowCountsAsync(tenant));
        // Reads stay open to the whole tenant, and an unscoped caller is not limited.
        Assert.Equal("HALSA-3", (await planner.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2) })).Goal.Code);
        await admin.RecordOutcomeAsync(Outcome("HALSA-3"));
    }
}
