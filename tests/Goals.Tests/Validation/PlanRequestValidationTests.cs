using Region.Goals.V1;
using static Region.Goals.Tests.Validation.Refusals;

namespace Region.Goals.Tests.Validation;

/// Bad requests of the plan calls, one test per RPC: each names every bad field and writes nothing.
public sealed class PlanRequestValidationTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task CreatePlan_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        CreatePlanRequest Plan(string body = "KS", int year = 2023, string name = "Plan", string caseNumber = "", string decision = "", string yellow = "") =>
            new() { BodyCode = body, Year = year, Name = name, CaseNumber = caseNumber, DecisionReference = decision, YellowFromPercent = yellow };
        BadCall Bad(string what, CreatePlanRequest request, params string[] fields) => new(what, () => client.CreatePlanAsync(request).ResponseAsync, fields);

        await AllRefusedAsync(host, tenant,
            Bad("empty", new(), "body_code", "year", "name"),
            Bad("body too long, year too early", Plan(body: Text(41), year: 1999), "body_code", "year"),
            Bad("NUL in the body", Plan(body: "KS\0"), "body_code"),
            Bad("a space in the body", Plan(body: "K S"), "body_code"),
            Bad("other scripts' digits as the body", Plan(body: "٢٠٢٢"), "body_code"),
            Bad("texts past their columns", Plan(name: Text(301), caseNumber: Text(41), decision: Text(301)), "name", "case_number", "decision_reference"),
            Bad("control characters", Plan(name: "a\0b", caseNumber: "RS/1\n", decision: "\u0007"), "name", "case_number", "decision_reference"),
            Bad("yellow at 100", Plan(yellow: "100"), "yellow_from_percent"),
            Bad("yellow NaN", Plan(yellow: "NaN"), "yellow_from_percent"),
            Bad("yellow with an exponent", Plan(yellow: "1e400"), "yellow_from_percent"),
            Bad("yellow with 7 decimals", Plan(yellow: "90.1234567"), "yellow_from_percent"));
    }

    [Fact]
    public async Task ImportPlan_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        ImportPlanRequest Plan(Action<ImportPlanRequest> change)
        {
            var request = Grpc.SamplePlan.Request();
            request.Year = 2023;
            change(request);
            return request;
        }
        BadCall Bad(string what, Action<ImportPlanRequest> change, params string[] fields) =>
            new(what, () => client.ImportPlanAsync(Plan(change)).ResponseAsync, fields);

        await AllRefusedAsync(host, tenant,
            Bad("header", r => { r.BodyCode = "RS\0"; r.CaseNumber = Text(41); r.DecisionReference = Text(301); r.AdoptedOn = "2022-02-30"; },
                "body_code", "case_number", "decision_reference", "adopted_on"),
            Bad("goal texts and codes", r =>
            {
                r.Goals[0].Code = "HALSA 3";
                r.Goals[0].Name = Text(501);
                r.Goals[1].Description = Text(4001);
                r.Goals[1].ResponsibleUnitCode = "RS\0";
                r.Goals[2].Kind = (GoalKind)99;
                r.Goals[2].GoalAreaCode = Text(41);
            }, "goals[0].code", "goals[0].name", "goals[1].description", "goals[1].responsible_unit_code", "goals[2].kind", "goals[2].goal_area_code"),
            Bad("targets", r =>
            {
                r.Goals[0].Target = new Target { Kind = (TargetKind)99, Text = "x" };
                r.Goals[1].Target = new Target { Text = "Minst 5 %", Bound = (Bound)99, BaselineYear = 99999 };
                r.Goals[2].Target = new Target { Kind = TargetKind.Threshold, Text = Text(501), Bound = Bound.AtLeast, Value = "NaN", Unit = Text(41) };
            }, "goals[0].target.kind", "goals[1].target.bound", "goals[1].target.baseline_year",
               "goals[2].target.text", "goals[2].target.value", "goals[2].target.value", "goals[2].target.unit"),
            Bad("a target per scope", r => r.Goals[0].Target = new Target
            {
                Kind = TargetKind.PerScope, Text = "4,8 (RJH)", Bound = Bound.AtMost,
                Scopes = { new ScopedValue { Scope = "RJH\0", Value = "99999999999999999999" }, new ScopedValue { Scope = "RS", Value = "" } },
            }, "goals[0].target.scopes[0].scope", "goals[0].target.scopes[0].value", "goals[0].target.scopes[1].value"),
            Bad("activities", r =>
            {
                r.Goals[0].Activities[0].Name = Text(501);
                r.Goals[0].Activities[0].StartDate = "2022-13-01";
                r.Goals[0].Activities.Add(new Activity { Code = "", Name = "B", Description = "\0" });
                r.Goals[1].Activities.Add(new Activity { Code = "halsa-3-a1", Name = "Same code as goal 0's, other case" });
            }, "goals[0].activities[0].name", "goals[0].activities[0].start_date", "goals[0].activities[1].code",
               "goals[0].activities[1].description", "goals[1].activities[0].code"),
            Bad("strategies, goal areas, indicators", r =>
            {
                r.Strategies.Add(new Strategy { Code = "med", Name = "Same code, other case" });
                r.Strategies[0].Name = Text(501);
                r.GoalAreas[0].StrategyCode = "NO SUCH";
                r.GoalAreas.Add(new GoalArea { Code = Text(41), Name = "a\u0001" });
                r.Indicators[0].Unit = Text(41);
                r.Indicators[0].Description = Text(4001);
                r.Indicators[0].GoalAreaCode = "NOSUCH";
            }, "strategies[1].code", "strategies[0].name", "goal_areas[0].strategy_code", "goal_areas[1].code", "goal_areas[1].name",
               "indicators[0].unit", "indicators[0].description", "indicators[0].goal_area_code"),
            Bad("too many activities for one goal", r =>
            {
                for (var i = 0; i <= 200; i++) r.Goals[1].Activities.Add(new Activity { Code = $"A{i}", Name = "A" });
            }, "goals[1].activities"),
            Bad("too many indicators", r =>
            {
                for (var i = 0; i < 2000; i++) r.Indicators.Add(new Indicator { Code = $"I{i}", Name = "I" });
            }, "indicators"));
    }

    [Fact]
    public async Task GetPlan_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, string body, int year, params string[] fields) =>
            new(what, () => client.GetPlanAsync(new() { BodyCode = body, Year = year }).ResponseAsync, fields);

        await AllRefusedAsync(host, tenant,
            Bad("empty", "", 0, "body_code", "year"),
            Bad("100 000 characters", Huge, 2022, "body_code"),
            Bad("NUL", "RS\0", 2022, "body_code"),
            Bad("right-to-left mark", "\u202ERS", 2022, "body_code"),
            Bad("year out of range", "RS", int.MaxValue, "year"));
    }

    [Fact]
    public async Task ListPlans_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, string body, int year, params string[] fields) =>
            new(what, () => client.ListPlansAsync(new() { BodyCode = body, Year = year }).ResponseAsync, fields);

        await AllRefusedAsync(host, tenant,
            Bad("NUL in the body", "RS\0", 0, "body_code"),
            Bad("body too long", Text(41), 0, "body_code"),
            Bad("SQL as the body", "'; DROP TABLE plans; --", 0, "body_code"),
            Bad("year before 2000", "", 1999, "year"),
            Bad("negative year", "RS", -1, "year"));
    }

    [Fact]
    public async Task AdoptRevision_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        BadCall Bad(string what, AdoptRevisionRequest request, params string[] fields) =>
            new(what, () => client.AdoptRevisionAsync(request).ResponseAsync, fields);

        await AllRefusedAsync(host, tenant,
            Bad("empty", new(), "body_code", "year", "etag"),
            Bad("etag too long, negative revision, no date", new() { BodyCode = "RS", Year = 2022, Revision = -1, Etag = Text(21), AdoptedOn = "tomorrow" },
                "revision", "etag", "adopted_on"));
    }

    [Fact]
    public async Task StartRevision_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        await AllRefusedAsync(host, tenant,
            new("no plan named", () => client.StartRevisionAsync(new()).ResponseAsync, "body_code", "year"),
            new("note too long", () => client.StartRevisionAsync(new() { BodyCode = "RS", Year = 2022, Note = Text(1001) }).ResponseAsync, "note"),
            new("NUL in the note", () => client.StartRevisionAsync(new() { BodyCode = "RS", Year = 2022, Note = "Revidering\0" }).ResponseAsync, "note"));
    }

    [Fact]
    public async Task DiffRevisions_names_every_bad_field()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        await AllRefusedAsync(host, tenant,
            new("no plan named", () => client.DiffRevisionsAsync(new()).ResponseAsync, "body_code", "year"),
            new("negative revisions", () => client.DiffRevisionsAsync(new() { BodyCode = "RS", Year = 2022, FromRevision = -1, ToRevision = int.MinValue }).ResponseAsync,
                "from_revision", "to_revision"));
    }
}
