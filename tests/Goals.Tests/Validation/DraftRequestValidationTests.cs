using Region.Goals.V1;
using Region.TestSupport;
using static Region.Goals.Tests.Validation.Refusals;

namespace Region.Goals.Tests.Validation;

/// Bad requests of the draft edits, one test per RPC: each names every bad field and changes nothing.
public sealed class DraftRequestValidationTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    private const string Body = "RS";
    private const int Year = 2022;

    /// A tenant with the sample plan as a draft, and the draft's etag.
    private async Task<(string Tenant, GoalsService.GoalsServiceClient Client, string Etag)> DraftAsync()
    {
        var tenant = Rpc.NewTenant();
        await host.AddUnitsAsync(tenant, "RS", "RST");
        var client = host.Client(tenant);
        return (tenant, client, (await client.ImportPlanAsync(Grpc.SamplePlan.Request(adopt: false))).Etag);
    }

    [Fact]
    public async Task UpsertGoal_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        BadCall Bad(string what, Action<UpsertGoalRequest> change, params string[] fields)
        {
            var request = new UpsertGoalRequest { BodyCode = Body, Year = Year, Etag = etag, Goal = Grpc.SamplePlan.Request().Goals[1] };
            change(request);
            return new(what, () => client.UpsertGoalAsync(request).ResponseAsync, fields);
        }

        await AllRefusedAsync(host, tenant,
            Bad("no goal", r => r.Goal = null, "goal.code", "goal.name", "goal.goal_area_code", "goal.kind", "goal.target.text"),
            Bad("body with NUL, etag too long", r => { r.BodyCode = "RS\0"; r.Etag = Text(21); }, "body_code"),
            Bad("etag too long", r => r.Etag = Text(21), "etag"),
            Bad("texts", r => { r.Goal.Name = Text(501); r.Goal.Description = "a\0"; r.Goal.ResponsibleUnitCode = Text(41); },
                "goal.name", "goal.description", "goal.responsible_unit_code"),
            Bad("kind 99, unknown area", r => { r.Goal.Kind = (GoalKind)99; r.Goal.GoalAreaCode = "NOSUCH"; }, "goal.kind", "goal.goal_area_code"),
            Bad("target", r => r.Goal.Target = new Target { Text = Text(501), BaselineValue = "Infinity" }, "goal.target.text", "goal.target.baseline_value"),
            Bad("an activity code another goal has", r => r.Goal.Activities.Add(new Activity { Code = "halsa-3-a1", Name = "Dubblett" }), "goal.activities[0].code"),
            Bad("the same activity code twice", r =>
            {
                r.Goal.Activities.Add(new Activity { Code = "NY-1", Name = "Ny" });
                r.Goal.Activities.Add(new Activity { Code = "ny-1", Name = "Ny igen" });
            }, "goal.activities[1].code"),
            Bad("too many activities", r =>
            {
                for (var i = 0; i <= 200; i++) r.Goal.Activities.Add(new Activity { Code = $"A{i}", Name = "A" });
            }, "goal.activities"));
    }

    [Fact]
    public async Task RemoveGoal_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        BadCall Bad(string what, string code, params string[] fields) =>
            new(what, () => client.RemoveGoalAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalCode = code }).ResponseAsync, fields);
        await AllRefusedAsync(host, tenant,
            Bad("no code", "", "goal_code"), Bad("too long", Text(41), "goal_code"), Bad("NUL", "HALSA-1\0", "goal_code"),
            new("no etag", () => client.RemoveGoalAsync(new() { BodyCode = Body, Year = Year, GoalCode = "HALSA-1" }).ResponseAsync, "etag"));
    }

    [Fact]
    public async Task UpsertStrategy_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        BadCall Bad(string what, Strategy strategy, params string[] fields) =>
            new(what, () => client.UpsertStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Strategy = strategy }).ResponseAsync, fields);
        await AllRefusedAsync(host, tenant,
            Bad("too long", new() { Code = Text(41), Name = Text(501) }, "strategy.code", "strategy.name"),
            Bad("markup and control characters", new() { Code = "<img src=x onerror=alert(1)>", Name = "\u001b[31m" }, "strategy.code", "strategy.name"));
    }

    [Fact]
    public async Task RemoveStrategy_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        await AllRefusedAsync(host, tenant,
            new("a space", () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag, StrategyCode = "NO SUCH" }).ResponseAsync, "strategy_code"),
            new("no code", () => client.RemoveStrategyAsync(new() { BodyCode = Body, Year = Year, Etag = etag }).ResponseAsync, "strategy_code"));
    }

    [Fact]
    public async Task UpsertGoalArea_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        BadCall Bad(string what, GoalArea area, params string[] fields) =>
            new(what, () => client.UpsertGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalArea = area }).ResponseAsync, fields);
        await AllRefusedAsync(host, tenant,
            Bad("texts", new() { Code = "", Name = Text(501), StrategyCode = "MED\0" }, "goal_area.code", "goal_area.name", "goal_area.strategy_code"),
            Bad("unknown strategy", new() { Code = "NY", Name = "Ny", StrategyCode = "nosuch" }, "goal_area.strategy_code"));
    }

    [Fact]
    public async Task RemoveGoalArea_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        await AllRefusedAsync(host, tenant,
            new BadCall("100 000 characters", () => client.RemoveGoalAreaAsync(new() { BodyCode = Body, Year = Year, Etag = etag, GoalAreaCode = Huge }).ResponseAsync, "goal_area_code"));
    }

    [Fact]
    public async Task UpsertIndicator_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        BadCall Bad(string what, Indicator indicator, params string[] fields) =>
            new(what, () => client.UpsertIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, Indicator = indicator }).ResponseAsync, fields);
        await AllRefusedAsync(host, tenant,
            Bad("texts", new() { Code = "IND 2", Name = "\0", Unit = Text(41), Description = Text(4001) },
                "indicator.code", "indicator.name", "indicator.unit", "indicator.description"),
            Bad("unknown area", new() { Code = "IND-2", Name = "Ny", GoalAreaCode = "NOSUCH" }, "indicator.goal_area_code"));
    }

    [Fact]
    public async Task RemoveIndicator_names_every_bad_field()
    {
        var (tenant, client, etag) = await DraftAsync();
        await AllRefusedAsync(host, tenant,
            new("too long", () => client.RemoveIndicatorAsync(new() { BodyCode = Body, Year = Year, Etag = etag, IndicatorCode = Text(41) }).ResponseAsync, "indicator_code"),
            new("no plan named", () => client.RemoveIndicatorAsync(new() { Etag = etag, IndicatorCode = "IND-1" }).ResponseAsync, "body_code", "year"));
    }
}
