using Grpc.Core;
using Region.Goals.V1;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

public sealed class PlanTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private async Task<(string Tenant, GoalsService.GoalsServiceClient Client)> TenantAsync()
    {
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        return (tenant, host.Client(tenant));
    }

    [Fact]
    public async Task ImportPlan_types_the_targets_and_adopts_the_plan()
    {
        var (_, client) = await TenantAsync();
        var plan = await client.ImportPlanAsync(SamplePlan.Request());
        Assert.Equal(RevisionStatus.Adopted, Assert.Single(plan.Revisions).Status);
        Assert.Empty(plan.Findings);

        var tree = await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2022 });
        var goals = tree.Strategies.Single().Areas.Single().Goals;
        var sick = goals.Single(g => g.Goal.Code == "HALSA-3").Goal.Target;
        Assert.Equal((TargetKind.PerScope, Bound.AtMost, "4,8 % (RJH) 4,8 % (RS)"), (sick.Kind, sick.Bound, sick.Text));
        Assert.Equal(["RJH", "RS"], sick.Scopes.Select(s => s.Scope));
        Assert.Equal(TargetKind.BetterThanYear, goals.Single(g => g.Goal.Code == "HALSA-1").Goal.Target.Kind);
        Assert.Equal("HALSA-3-A1", goals.Single(g => g.Goal.Code == "HALSA-3").Activities.Single().Activity.Code);
    }

    [Fact]
    public async Task ImportPlan_lists_every_violation_and_writes_nothing()
    {
        var (tenant, client) = await TenantAsync();
        var request = SamplePlan.Request();
        request.Name = "";
        request.Goals[0].ResponsibleUnitCode = "NOSUCH";
        request.Goals[1].GoalAreaCode = "MISSING";
        request.Goals[2].Kind = GoalKind.Unspecified;
        request.Goals[0].Activities[0].EndDate = "2021-12-31";
        request.Goals.Add(request.Goals[1].Clone());
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.ImportPlanAsync(request).ResponseAsync,
            "name", "goals[0].responsible_unit_code", "goals[1].goal_area_code", "goals[2].kind", "goals[0].activities[0].end_date",
            "goals[3].code", "goals[3].goal_area_code");

        Assert.Equal(before, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task An_unparseable_target_is_reported_as_a_finding_not_guessed()
    {
        var (_, client) = await TenantAsync();
        var request = SamplePlan.Request();
        request.Goals[1].Target = new Target { Text = "1 %" };
        var plan = await client.ImportPlanAsync(request);
        Assert.Contains("HALSA-1", Assert.Single(plan.Findings));
    }

    [Fact]
    public async Task A_frozen_revision_refuses_edits_and_a_new_revision_can_be_diffed()
    {
        var (_, client) = await TenantAsync();
        var plan = await client.ImportPlanAsync(SamplePlan.Request());
        var sick = SamplePlan.Request().Goals[0];
        sick.Target = new Target { Text = "Högst 4,5 %" };
        await FailsWith(StatusCode.FailedPrecondition, () => client.UpsertGoalAsync(new() { BodyCode = "RS", Year = 2022, Goal = sick }).ResponseAsync);

        plan = await client.StartRevisionAsync(new() { BodyCode = "RS", Year = 2022, Note = "Revidering 2022-03-21" });
        var draft = plan.Revisions.Single(r => r.Number == 2);
        await FailsWith(StatusCode.FailedPrecondition, () => client.StartRevisionAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        var edited = await client.UpsertGoalAsync(new() { BodyCode = "RS", Year = 2022, Goal = sick, Etag = draft.Etag });
        await FailsWith(StatusCode.Aborted, () => client.RemoveGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Etag = draft.Etag }).ResponseAsync);
        var removed = await client.RemoveGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Etag = edited.Etag });

        var diff = await client.DiffRevisionsAsync(new() { BodyCode = "RS", Year = 2022, FromRevision = 1, ToRevision = 2 });
        var changed = diff.Changes.Single(c => c.Kind == ChangeKind.Changed);
        Assert.Equal(("Goal", "HALSA-3"), (changed.Entity, changed.Code));
        Assert.Contains(changed.Fields, f => f.Field == "target.text" && f.Before == "4,8 % (RJH) 4,8 % (RS)" && f.After == "Högst 4,5 %");
        Assert.Equal("HALSA-9", diff.Changes.Single(c => c.Kind == ChangeKind.Removed && c.Entity == "Goal").Code);

        await FailsWith(StatusCode.Aborted, () => client.AdoptRevisionAsync(new() { BodyCode = "RS", Year = 2022, AdoptedOn = "2022-03-21", Etag = edited.Etag }).ResponseAsync);
        await client.AdoptRevisionAsync(new() { BodyCode = "RS", Year = 2022, AdoptedOn = "2022-03-21", Etag = removed.Etag });
        var tree = await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2022 });
        Assert.Equal(2, tree.Revision);
        Assert.Equal(2, tree.Strategies.Single().Areas.Single().Goals.Count);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_plan()
    {
        var (_, a) = await TenantAsync();
        var (_, b) = await TenantAsync();
        await a.ImportPlanAsync(SamplePlan.Request());
        await FailsWith(StatusCode.NotFound, () => b.GetPlanAsync(new() { BodyCode = "RS", Year = 2022 }).ResponseAsync);
        Assert.Empty((await b.ListPlansAsync(new())).Plans);
        // And b can have its own RS 2022.
        await b.ImportPlanAsync(SamplePlan.Request());
    }

    [Fact]
    public async Task A_call_without_a_tenant_is_refused() =>
        Assert.NotEqual(StatusCode.OK, (await Assert.ThrowsAsync<RpcException>(() => host.AnonymousClient().ListPlansAsync(new()).ResponseAsync)).StatusCode);
}
