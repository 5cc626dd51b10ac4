using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Region.Contracts.Events;
using Region.Goals.V1;
using Region.TestSupport;
using static Region.Goals.Tests.Grpc.SamplePlan;
using static Region.TestSupport.Rpc;

namespace Region.Goals.Tests.Grpc;

/// The goals cases of issue 15 (bad input never breaks a service), one test each: what used to answer
/// UNKNOWN, throw, or be stored now gets a deliberate answer.
public sealed class BadInputTests(GoalsHost host) : IClassFixture<GoalsHost>
{
    [Fact]
    public async Task Text_past_its_column_is_refused_naming_the_field_instead_of_failing_in_the_database()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var request = Request();
        request.Year = 2023;
        request.BodyCode = new string('B', 41);
        request.CaseNumber = new string('C', 41);
        request.DecisionReference = new string('D', 301);
        await InvalidArgument(() => client.ImportPlanAsync(request).ResponseAsync, "body_code", "case_number", "decision_reference");
        await InvalidArgument(() => client.RecordOutcomeAsync(new()
        {
            BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5" }, Etag = "0",
            Source = new string('s', 301), Comment = new string('c', 2001),
        }).ResponseAsync, "source", "comment");
        await InvalidArgument(() => client.SetActivityStatusAsync(new()
        {
            BodyCode = "RS", Year = 2022, ActivityCode = "HALSA-3-A1", Status = ActivityStatus.Done, Etag = "0", Comment = new string('c', 1001),
        }).ResponseAsync, "comment");
        await InvalidArgument(() => client.AssessGoalAsync(new()
        {
            BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Red, Etag = "0", Analysis = new string('a', 4001),
        }).ResponseAsync, "analysis");
        // At the bound itself everything is stored.
        var full = await client.RecordOutcomeAsync(new()
        {
            BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5" }, Etag = "0",
            Source = new string('s', 300), Comment = new string('c', 2000),
        });
        Assert.Equal((300, 2000), (full.Outcome.Source.Length, full.Outcome.Comment.Length));
    }

    [Fact]
    public async Task A_NUL_in_ListPlans_body_code_is_invalid_argument_not_a_database_error() =>
        await InvalidArgument(() => host.Client(NewTenant()).ListPlansAsync(new() { BodyCode = "RS\0" }).ResponseAsync, "body_code");

    [Fact]
    public async Task Target_texts_with_numbers_beyond_reach_are_findings_not_errors()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        var request = Request();
        request.Year = 2023;
        request.Goals[0].Target = new Target { Text = "Minst 99999999999999999999 %" };
        request.Goals[1].Target = new Target { Text = "Högre än ٢٠٢١" };
        request.Goals.Add(new Goal { Code = "X-1", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Exponent", Target = new Target { Text = "Minst 1e400 %" } });
        request.Goals.Add(new Goal { Code = "X-2", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Arabiska siffror", Target = new Target { Text = "Minst ٧٠ %" } });
        request.Goals.Add(new Goal { Code = "X-3", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = "Decimalöverflöd", Target = new Target { Text = "Högst 79228162514264337593543950336 st" } });

        var plan = await client.ImportPlanAsync(request);

        Assert.Equal(["HALSA-3", "HALSA-1", "X-1", "X-2", "X-3"], plan.Findings.Select(f => f.Split(' ')[1].Trim('(', ')', ':')));
        Assert.Contains("not a number from", plan.Findings[0]);
    }

    [Fact]
    public async Task AssessGoal_with_status_99_is_refused_and_neither_stored_nor_published()
    {
        await using var events = await EventCollector.StartAsync(TestInfra.RabbitMqUri);
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        var before = await host.RowCountsAsync(tenant);

        await InvalidArgument(() => client.AssessGoalAsync(new()
        {
            BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = (GoalStatus)99, Analysis = "Nittionio.", Etag = "0",
        }).ResponseAsync, "status");
        Assert.Equal(before, await host.RowCountsAsync(tenant));

        // The next valid assessment is version 1, and the only one announced.
        var valid = await client.AssessGoalAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-9", Period = T(2), Status = GoalStatus.Red, Analysis = "Röd.", Etag = "0" });
        Assert.Equal(1, valid.Assessment.Version);
        await events.WaitUntil(e => e.Of<GoalStatusAssessed>(tenant).Count >= 1, TimeSpan.FromSeconds(30), "the valid assessment");
        Assert.Equal("Red", Assert.Single(events.Of<GoalStatusAssessed>(tenant)).Status);
    }

    [Fact]
    public async Task A_change_against_a_baseline_of_0_or_of_extreme_values_is_a_status_never_an_error()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        var request = Request();
        request.Year = 2023;
        request.Goals[0].Target = new Target { Kind = TargetKind.ChangeVsBaseline, Text = "-20 %", Value = "-20", BaselineYear = 2019, BaselineValue = "0" };
        request.Goals[1].Target = new Target { Kind = TargetKind.ChangeVsBaseline, Text = "-0,000001 %", Value = "-0.000001", BaselineYear = 2019, BaselineValue = "0.000001" };
        await client.ImportPlanAsync(request);
        RecordOutcomeRequest Outcome(string goal, string total) =>
            new() { BodyCode = "RS", Year = 2023, GoalCode = goal, Period = new() { Year = 2023, Kind = Region.Common.V1.PeriodKind.Tertial, Number = 2 }, Outcome = new() { Total = total }, Etag = "0" };

        Assert.Equal(GoalStatus.NotMeasurable, (await client.RecordOutcomeAsync(Outcome("HALSA-3", "100"))).ComputedStatus);
        // Up by about 10^23 % against a reduction target of -0.000001 %: red. The share of the target, 10^31 %, used
        // to be divided out and overflowed decimal (INTERNAL); the band is now compared without dividing.
        Assert.Equal(GoalStatus.Red, (await client.RecordOutcomeAsync(Outcome("HALSA-1", "999999999999999.999999"))).ComputedStatus);
        // The list says why a goal is not measurable.
        var listed = await client.ListGoalsAsync(new() { BodyCode = "RS", Year = 2023, Period = new() { Year = 2023, Kind = Region.Common.V1.PeriodKind.Tertial, Number = 2 } });
        Assert.Equal("The baseline is 0: a change in percent of it has no meaning.", listed.Goals.Single(g => g.Goal.Code == "HALSA-3").Analysis);
    }

    [Fact]
    public async Task Codes_have_one_canonical_form_whatever_case_is_sent()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        await FailsWith(StatusCode.AlreadyExists, () => client.CreatePlanAsync(new() { BodyCode = "rs", Year = 2022, Name = "Dubblett" }).ResponseAsync);
        var created = await client.CreatePlanAsync(new() { BodyCode = " ks ", Year = 2022, Name = "Kommunstyrelsen" });
        Assert.Equal("KS", created.BodyCode);
        Assert.Equal(created.Id, (await client.GetPlanAsync(new() { BodyCode = "Ks", Year = 2022 })).Id);
        Assert.Equal(["KS", "RS"], (await client.ListPlansAsync(new())).Plans.Select(p => p.BodyCode));
        await using (var db = host.Db(tenant))
            Assert.Equal(["KS", "RS"], await db.Plans.OrderBy(p => p.BodyCode).Select(p => p.BodyCode).ToListAsync());

        // Lower case reaches the same goal, activity and indicator; the tree shows the canonical codes.
        var followUp = await client.GetGoalFollowUpAsync(new() { BodyCode = "rs", Year = 2022, GoalCode = "halsa-3", Period = T(2) });
        Assert.Equal("HALSA-3", followUp.Goal.Code);
        await client.SetActivityStatusAsync(new() { BodyCode = "rs", Year = 2022, ActivityCode = "halsa-3-a1", Status = ActivityStatus.Ongoing, Etag = "0" });
        await client.RecordIndicatorOutcomeAsync(new() { BodyCode = "rs", Year = 2022, IndicatorCode = "ind-1", Period = T(2), Outcome = new() { Total = "5" } });
        var rs = await client.ListGoalsAsync(new() { BodyCode = "rs", Year = 2022, UnitCode = "rst", GoalAreaCode = "halsa" });
        Assert.Equal(["HALSA-1", "HALSA-9"], rs.Goals.Select(g => g.Goal.Code).Order());

        // Two codes that differ only in case are one code twice.
        var request = Request();
        request.Year = 2024;
        request.Goals[1].Code = "halsa-3";
        await InvalidArgument(() => client.ImportPlanAsync(request).ResponseAsync, "goals[1].code");
        request.Goals[1].Code = "halsa-1";
        request.Goals[1].GoalAreaCode = "Halsa";
        request.Goals[1].ResponsibleUnitCode = "rst";
        var imported = await client.ImportPlanAsync(request);
        var tree = await client.GetPlanTreeAsync(new() { BodyCode = "RS", Year = 2024 });
        var goal = tree.Strategies.Single().Areas.Single().Goals.Single(g => g.Goal.Code == "HALSA-1").Goal;
        Assert.Equal(("HALSA", "RST"), (goal.GoalAreaCode, goal.ResponsibleUnitCode));
        Assert.Empty(imported.Findings);
    }

    [Fact]
    public async Task A_region_sized_plan_of_5000_goals_fits_and_more_than_10000_is_refused()
    {
        var (tenant, client) = await host.TenantWithSamplePlanAsync();
        ImportPlanRequest Plan(int goals)
        {
            var request = Request(adopt: false);
            request.Year = 2025;
            request.Goals.Clear();
            for (var i = 0; i < goals; i++)
                request.Goals.Add(new Goal
                {
                    Code = $"G-{i}", GoalAreaCode = "HALSA", Kind = GoalKind.Goal, Name = $"Mål {i} för en hel region", ResponsibleUnitCode = "RST",
                    Description = "Beskrivning av målet, som i en verklig plan.", Target = new Target { Text = "Minst 70 %" },
                    Activities = { new Activity { Code = $"G-{i}-A1", Name = "Aktivitet", StartDate = "2025-01-01", EndDate = "2025-12-31" } },
                });
            return request;
        }

        await InvalidArgument(() => client.ImportPlanAsync(Plan(10_001)).ResponseAsync, "goals");
        var plan = await client.ImportPlanAsync(Plan(5_000));
        Assert.Equal(5_000, plan.Revisions.Single().Goals);
        var page = await client.ListGoalsAsync(new() { BodyCode = "RS", Year = 2025, PageSize = 5_000 });
        Assert.Equal((5_000, 1_000), (page.TotalSize, page.Goals.Count));
        Assert.Contains("plans=2", await host.RowCountsAsync(tenant));
    }

    [Fact]
    public async Task Messages_quote_what_was_sent_within_bounds()
    {
        var (_, client) = await host.TenantWithSamplePlanAsync();
        var huge = await FailsWith(StatusCode.InvalidArgument, () => client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = new string('x', 100_000), Period = T(2) }).ResponseAsync);
        Assert.True(huge.Status.Detail.Length < 200, huge.Status.Detail);
        var number = await FailsWith(StatusCode.InvalidArgument, () => client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = new string('9', 100_000) }, Etag = "0" }).ResponseAsync);
        Assert.True(number.Status.Detail.Length < 300, number.Status.Detail);
        var missing = await FailsWith(StatusCode.NotFound, () => client.GetGoalFollowUpAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = new string('Y', 40), Period = T(2) }).ResponseAsync);
        Assert.Contains("'YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY'", missing.Status.Detail);
        var stale = await FailsWith(StatusCode.Aborted, () => client.RecordOutcomeAsync(new() { BodyCode = "RS", Year = 2022, GoalCode = "HALSA-3", Period = T(2), Outcome = new() { Total = "5" }, Etag = "12345678901234567890" }).ResponseAsync);
        Assert.True(stale.Status.Detail.Length < 200, stale.Status.Detail);
    }
}
