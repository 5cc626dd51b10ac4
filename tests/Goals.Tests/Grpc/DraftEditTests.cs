using Grpc.Core;
using Region.Contracts.Events;
using Region.Goals.V1;
using Region.TestSupport;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

/// Editing a draft revision item by item: strategies, goal areas and indicators (goals are in PlanTests).
public sealed class DraftEditTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private const string Body = "RS";
    private const int Year = 2022;

    /// A tenant with the sample plan as an unadopted draft; returns the draft's etag.
    private async Task<(string Tenant, GoalsService.GoalsServiceClient Client, string Etag)> DraftAsync(bool adopt = false)
    {
        var tenant = NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        var plan = await client.ImportPlanAsync(SamplePlan.Request(adopt));
        return (tenant, client, plan.Etag);
    }

    private static Task<PlanTree> TreeAsync(GoalsService.GoalsServiceClient client) =>
        client.GetPlanTreeAsync(new() { BodyCode = Body, Year = Year }).ResponseAsync;

    /// One call of each kind of edit, all valid but for the etag or the state of the revision.
    private static IEnumerable<Func<Task>> EveryEdit(GoalsService.GoalsServiceClient client, string etag) =>
    [
        () => client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = new() { Code = "X", Name = "X" } }).ResponseAsync,
        () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, StrategyCode = "MED" }).ResponseAsync,
        () => client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalArea = new() { Code = "X", Name = "X" } }).ResponseAsync,
        () => client.RemoveGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalAreaCode = "HALSA" }).ResponseAsync,
        () => client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Indicator = new() { Code = "X", Name = "X" } }).ResponseAsync,
        () => client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, IndicatorCode = "IND-1" }).ResponseAsync,
    ];

    [Fact]
    public async Task Upserted_strategy_goal_area_and_indicator_appear_in_the_tree()
    {
        var (_, client, etag) = await DraftAsync();
        var r = await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = new() { Code = "VARD", Name = "Strategi för en god och nära vård" } });
        r = await client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalArea = new() { Code = "NARA", Name = "Nära vård", StrategyCode = "VARD" } });
        r = await client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, Indicator = new() { Code = "IND-2", Name = "Andel listade patienter", GoalAreaCode = "NARA", Unit = "%" } });
        Assert.Equal((RevisionStatus.Draft, 4), (r.Status, int.Parse(r.Etag, System.Globalization.CultureInfo.InvariantCulture)));

        var tree = await TreeAsync(client);
        Assert.Equal(["MED", "VARD"], tree.Strategies.Select(s => s.Strategy.Code));
        var area = tree.Strategies.Single(s => s.Strategy.Code == "VARD").Areas.Single();
        Assert.Equal(("NARA", "Nära vård", "VARD"), (area.Area.Code, area.Area.Name, area.Area.StrategyCode));
        var indicator = tree.Indicators.Single(i => i.Code == "IND-2");
        Assert.Equal(("Andel listade patienter", "NARA", "%"), (indicator.Name, indicator.GoalAreaCode, indicator.Unit));
    }

    [Fact]
    public async Task Upsert_replaces_by_code_in_place_and_an_indicator_keeps_its_id()
    {
        var (_, client, etag) = await DraftAsync();
        var before = await TreeAsync(client);
        var r = await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = new() { Code = "MED", Name = "Medarbetarstrategin" } });
        r = await client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalArea = new() { Code = "HALSA", Name = "Hälsa och arbetsmiljö", StrategyCode = "MED" } });
        // The code is matched regardless of case and keeps the spelling the plan already uses.
        await client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, Indicator = new() { Code = "ind-1", Name = "Sjukfrånvaro, procent", Unit = "%" } });

        var tree = await TreeAsync(client);
        var strategy = Assert.Single(tree.Strategies);
        Assert.Equal(("MED", "Medarbetarstrategin"), (strategy.Strategy.Code, strategy.Strategy.Name));
        var area = Assert.Single(strategy.Areas);
        Assert.Equal(("HALSA", "Hälsa och arbetsmiljö"), (area.Area.Code, area.Area.Name));
        Assert.Equal(3, area.Goals.Count);
        var indicator = Assert.Single(tree.Indicators);
        Assert.Equal(("IND-1", "Sjukfrånvaro, procent", before.Indicators.Single().Id), (indicator.Code, indicator.Name, indicator.Id));
    }

    [Fact]
    public async Task Bad_items_list_every_violation_and_write_nothing()
    {
        var (tenant, client, etag) = await DraftAsync();
        var counts = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = new() { Code = " ", Name = "" } }).ResponseAsync,
            "strategy.code", "strategy.name");
        await InvalidArgument(() => client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalArea = new() { Code = "", Name = "", StrategyCode = "NOSUCH" } }).ResponseAsync,
            "goal_area.code", "goal_area.name", "goal_area.strategy_code");
        await InvalidArgument(() => client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Indicator = new() { Code = "", Name = " ", GoalAreaCode = "NOSUCH" } }).ResponseAsync,
            "indicator.code", "indicator.name", "indicator.goal_area_code");
        // No item at all is the same as an empty one.
        await InvalidArgument(() => client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag }).ResponseAsync, "strategy.code", "strategy.name");

        Assert.Equal(counts, await host.RowCountsAsync(tenant));
        Assert.Equal(etag, (await client.GetPlanAsync(new() { BodyCode = Body, Year = Year })).Etag);
    }

    [Fact]
    public async Task A_stale_etag_is_aborted()
    {
        var (tenant, client, stale) = await DraftAsync();
        await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = stale, Strategy = new() { Code = "VARD", Name = "Vård" } });
        var counts = await host.RowCountsAsync(tenant);

        foreach (var edit in EveryEdit(client, stale)) await FailsWith(StatusCode.Aborted, edit);

        Assert.Equal(counts, await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task An_edit_or_adoption_without_an_etag_is_rejected_with_every_violation_and_writes_nothing()
    {
        var (tenant, client, etag) = await DraftAsync();
        var counts = await host.RowCountsAsync(tenant);

        foreach (var edit in EveryEdit(client, "")) await InvalidArgument(edit, "etag");
        await InvalidArgument(() => client.UpsertGoalAsync(new() { BodyCode = Body, Year = Year, Goal = SamplePlan.Request().Goals[0] }).ResponseAsync, "etag");
        // Named together with what is wrong with the item.
        await InvalidArgument(() => client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Strategy = new() { Code = "", Name = "" } }).ResponseAsync,
            "etag", "strategy.code", "strategy.name");
        await InvalidArgument(() => client.AdoptRevisionAsync(new() { BodyCode = Body, Year = Year, AdoptedOn = "2021-11-08" }).ResponseAsync, "etag");

        Assert.Equal(counts, await host.RowCountsAsync(tenant));
        var plan = await client.GetPlanAsync(new() { BodyCode = Body, Year = Year });
        Assert.Equal((etag, RevisionStatus.Draft), (plan.Etag, plan.Revisions.Single().Status));
    }

    [Fact]
    public async Task An_adopted_revision_refuses_edits_until_a_new_revision_is_started()
    {
        var (tenant, client, etag) = await DraftAsync(adopt: true);
        var counts = await host.RowCountsAsync(tenant);

        foreach (var edit in EveryEdit(client, etag)) await FailsWith(StatusCode.FailedPrecondition, edit);
        Assert.Equal(counts, await host.RowCountsAsync(tenant));

        // The March revision: a new draft can be edited, and the diff reports what changed.
        var plan = await client.StartRevisionAsync(new() { BodyCode = Body, Year = Year, Note = "Revidering 2022-03-21" });
        var r = await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = plan.Etag, Strategy = new() { Code = "VARD", Name = "Vård" } });
        r = await client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalArea = new() { Code = "HALSA", Name = "Hälsa", StrategyCode = "MED" } });
        await client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, IndicatorCode = "IND-1" });
        var diff = await client.DiffRevisionsAsync(new() { BodyCode = Body, Year = Year, FromRevision = 1, ToRevision = 2 });
        Assert.Equal(
            [("Strategy", "VARD", ChangeKind.Added), ("GoalArea", "HALSA", ChangeKind.Changed), ("Indicator", "IND-1", ChangeKind.Removed)],
            diff.Changes.Select(c => (c.Entity, c.Code, c.Kind)));
        var renamed = Assert.Single(diff.Changes[1].Fields);
        Assert.Equal(("name", "En hälsofrämjande arbetsmiljö", "Hälsa"), (renamed.Field, renamed.Before, renamed.After));
    }

    [Fact]
    public async Task Removing_what_is_still_used_is_refused_naming_the_users()
    {
        var (tenant, client, etag) = await DraftAsync();
        var r = await client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Indicator = new() { Code = "IND-2", Name = "Heltidsandel", GoalAreaCode = "HALSA" } });
        var counts = await host.RowCountsAsync(tenant);

        var area = await FailsWith(StatusCode.FailedPrecondition, () => client.RemoveGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalAreaCode = "HALSA" }).ResponseAsync);
        foreach (var user in new[] { "goal HALSA-3", "goal HALSA-1", "goal HALSA-9", "indicator IND-2" }) Assert.Contains(user, area.Status.Detail);
        Assert.DoesNotContain("IND-1", area.Status.Detail);
        var strategy = await FailsWith(StatusCode.FailedPrecondition, () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, StrategyCode = "MED" }).ResponseAsync);
        Assert.Contains("goal area HALSA", strategy.Status.Detail);

        Assert.Equal(counts, await host.RowCountsAsync(tenant));
        Assert.Single((await TreeAsync(client)).Strategies.Single().Areas);
    }

    [Fact]
    public async Task Removing_works_once_nothing_uses_the_item_and_an_unknown_code_is_not_found()
    {
        var (_, client, etag) = await DraftAsync();
        var r = await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = new() { Code = "VARD", Name = "Vård" } });
        r = await client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalArea = new() { Code = "NARA", Name = "Nära vård", StrategyCode = "VARD" } });
        await FailsWith(StatusCode.FailedPrecondition, () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, StrategyCode = "VARD" }).ResponseAsync);

        r = await client.RemoveGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalAreaCode = "nara" });
        r = await client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, StrategyCode = "VARD" });
        r = await client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, IndicatorCode = "IND-1" });

        var tree = await TreeAsync(client);
        Assert.Equal("MED", tree.Strategies.Single().Strategy.Code);
        Assert.Equal("HALSA", tree.Strategies.Single().Areas.Single().Area.Code);
        Assert.Empty(tree.Indicators);

        await FailsWith(StatusCode.NotFound, () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, StrategyCode = "VARD" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.RemoveGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, GoalAreaCode = "NARA" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, IndicatorCode = "IND-1" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = 2023, GoalArea = new() { Code = "X", Name = "X" } }).ResponseAsync);
    }

    [Fact]
    public async Task A_tenant_cannot_edit_another_tenants_draft()
    {
        var (a, client, etag) = await DraftAsync();
        var other = host.Client(NewTenant());
        var counts = await host.RowCountsAsync(a);

        await FailsWith(StatusCode.NotFound, () => other.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalArea = new() { Code = "HALSA", Name = "Kapad" } }).ResponseAsync);

        Assert.Equal(counts, await host.RowCountsAsync(a));
        Assert.Equal("En hälsofrämjande arbetsmiljö", (await TreeAsync(client)).Strategies.Single().Areas.Single().Area.Name);
    }

    [Fact]
    public async Task Draft_edits_announce_nothing_and_adoption_announces_the_edited_goal_areas()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var (tenant, client, etag) = await DraftAsync();
        var r = await client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalArea = new() { Code = "NARA", Name = "Nära vård", StrategyCode = "MED" } });
        r = await client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, Strategy = new() { Code = "VARD", Name = "Vård" } });
        r = await client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = r.Etag, IndicatorCode = "IND-1" });
        await client.AdoptRevisionAsync(new() { BodyCode = Body, Year = Year, AdoptedOn = "2021-11-08", Etag = r.Etag });

        await events.WaitUntil(e => e.Of<PlanCreated>(tenant).Count == 1 && e.Of<PlanAdopted>(tenant).Count == 1 && e.Of<GoalCreated>(tenant).Count == 3 && e.Of<ActivityCreated>(tenant).Count == 1,
            TimeSpan.FromSeconds(30), "the adoption");
        var adopted = events.Of<PlanAdopted>(tenant).Single();
        Assert.Contains(adopted.GoalAreas, a => a.Code == "NARA" && a.Name == "Nära vård");
        // The import's PlanCreated and the adoption's events; the three edits added none.
        Assert.Equal(1 + 1 + 3 + 1, events.Received.Count(x => x.Event.Tenant == tenant));
    }
}
