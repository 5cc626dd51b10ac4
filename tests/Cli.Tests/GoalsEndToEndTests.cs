using Region.Goals.V1;

namespace Region.Cli.Tests;

public sealed class GoalsEndToEndTests(GoalsCliHost host) : IClassFixture<GoalsCliHost>
{
    /// What the invented outcomes make red in tertial 2: by the rule, or assessed red.
    private static readonly string[] RedInT2 = ["FRI-6", "FRI-9", "MIL-2", "NARA-3", "NARA-6", "NARA-11", "TILL-2", "HALSA-4", "BAL-1", "BAL-2", "BAL-4"];

    private async Task<string> LoadedTenantAsync()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var budget = await host.RunAsync("import", BudgetDemoDataTests.Rs2022, "--tenant", tenant);
        Assert.True(budget.ExitCode == 0, budget.ToString());
        // No wait for the replica here: the goals import waits for the units itself.
        var plan = await host.RunAsync("import", GoalsDemoDataTests.Plan, "--tenant", tenant);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Matches(@"Goals\s+56\s+0", plan.Out);
        Assert.Matches(@"Activities\s+3\s+0", plan.Out);
        Assert.Contains("Revision 1 in force, adopted 2022-03-21", plan.Out);
        Assert.Contains("MIL-3", plan.Out);     // the untyped "1 %" is reported, not guessed
        var outcomes = await host.RunAsync("import", GoalsDemoDataTests.Outcomes, "--tenant", tenant);
        Assert.True(outcomes.ExitCode == 0, outcomes.ToString());
        Assert.Contains("Invented example data", outcomes.Out);
        Assert.Matches(@"Goal outcomes\s+64\s+0", outcomes.Out);
        Assert.Matches(@"Assessments\s+25\s+0", outcomes.Out);
        Assert.Matches(@"Activity statuses\s+3\s+0", outcomes.Out);
        return tenant;
    }

    [Fact]
    public async Task The_demo_data_loads_once_and_goals_status_red_lists_what_the_outcomes_make_red()
    {
        var tenant = await LoadedTenantAsync();

        // A mix: in T2 green 16, yellow 23, red 11, not measurable 6 (targets set later, the untyped one, two unassessed).
        var again = await host.RunAsync("import", GoalsDemoDataTests.Outcomes, "--tenant", tenant);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(@"Goal outcomes\s+0\s+64", again.Out);
        Assert.Matches(@"Assessments\s+0\s+25", again.Out);
        Assert.Matches(@"Activity statuses\s+0\s+3", again.Out);
        Assert.Matches(@"2022-T2\s+16\s+23\s+11\s+6\s+56", again.Out);
        var planAgain = await host.RunAsync("import", GoalsDemoDataTests.Plan, "--tenant", tenant);
        Assert.True(planAgain.ExitCode == 0, planAgain.ToString());
        Assert.Contains("is already there", planAgain.Out);
        Assert.Matches(@"Goals\s+0\s+56", planAgain.Out);

        var red = await host.RunAsync("goals", "--status", "red", "--period", "2022-T2", "--tenant", tenant);
        Assert.True(red.ExitCode == 0, red.ToString());
        Assert.Equal(RedInT2.Order(), Codes(red.Out).Order());
        Assert.Contains("11 goals: green 0, yellow 0, red 11, not-measurable 0.", red.Out);
        Assert.Contains("Nettokostnadsutvecklingen ligger", red.Out);   // BAL-1's analysis

        // The Swedish word planners use picks the same goals.
        var röd = await host.RunAsync("goals", "--status", "Röd", "--period", "2022-T2", "--tenant", tenant);
        Assert.Equal(RedInT2.Order(), Codes(röd.Out).Order());

        // Without --period: the latest tertial with follow-up, T2.
        var latest = await host.RunAsync("goals", "--status", "red", "--tenant", tenant);
        Assert.Contains("Period 2022-T2", latest.Out);
        Assert.Equal(RedInT2.Order(), Codes(latest.Out).Order());

        var t1 = await host.RunAsync("goals", "--period", "2022-T1", "--area", "BAL", "--json", "--tenant", tenant);
        Assert.True(t1.ExitCode == 0, t1.ToString());
        var response = ListGoalsResponse.Parser.WithDiscardUnknownFields(true).ParseJson(t1.Out);
        Assert.Equal(["BAL-1:Red", "BAL-2:Red", "BAL-3:Green", "BAL-4:Red"], response.Goals.Select(g => $"{g.Goal.Code}:{g.Status}"));

        // RS-TJM and the units under it: the regional staff (RST) is one of them.
        var unit = await host.RunAsync("goals", "--unit", "RS-TJM", "--period", "2022-T2", "--tenant", tenant);
        Assert.Equal(["MIL-5", "BAL-3", "BAL-4"], Codes(unit.Out));
    }

    [Fact]
    public async Task Outcome_record_and_goal_assess_change_the_status_and_keep_the_history()
    {
        var tenant = await LoadedTenantAsync();
        var outcome = await host.RunAsync("outcome", "record", "--goal", "MIL-4", "--period", "2022-T2", "--value", "41,5", "--women", "40", "--men", "43", "--tenant", tenant);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Outcome 2022-T2: 41,5 (women 40, men 43) (version 2, 2 recorded)", outcome.Out);
        Assert.Contains("Status 2022-T2: green (by the plan's rule)", outcome.Out);

        var assess = await host.RunAsAsync("anna.planner", "goal", "assess", "--goal", "MIL-4", "--period", "2022-T2", "--status", "yellow",
            "--analysis", "Utfallet bygger på en delmätning; helårsvärdet kan bli lägre.", "--tenant", tenant);
        Assert.True(assess.ExitCode == 0, assess.ToString());
        Assert.Contains("Status 2022-T2: yellow (assessed by anna.planner; the rule gives green)", assess.Out);
        Assert.Contains("Analysis: Utfallet bygger på en delmätning", assess.Out);

        var yellow = await host.RunAsync("goals", "--status", "yellow", "--area", "MIL", "--period", "2022-T2", "--tenant", tenant);
        Assert.Contains("MIL-4", Codes(yellow.Out));
    }

    [Fact]
    public async Task Outcome_record_per_scope_prints_each_scope_against_its_target_and_the_goal_takes_the_worst()
    {
        var tenant = await LoadedTenantAsync();
        var outcome = await host.RunAsync("outcome", "record", "--goal", "HALSA-3", "--period", "2022-T2", "--scope", "RJH=5,6", "--scope", "RS=4,2", "--tenant", tenant);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Status 2022-T2: red (by the plan's rule)", outcome.Out);   // RJH: 4,8 / 5,6 = 86 %
        Assert.Contains("RJH: 5,6 (target at most 4,8 %) red", outcome.Out);
        Assert.Contains("RS: 4,2 (target at most 4,8 %) green", outcome.Out);

        var unknown = await host.RunAsync("outcome", "record", "--goal", "HALSA-3", "--period", "2022-T2", "--scope", "RJH=5", "--scope", "X=4", "--tenant", tenant);
        Assert.Equal(ExitCodes.Rejected, unknown.ExitCode);
        Assert.Contains("scopes[1].scope", unknown.Error);
        Assert.Contains("The value for RS is missing", unknown.Error);
        var malformed = await host.RunAsync("outcome", "record", "--goal", "HALSA-3", "--period", "2022-T2", "--scope", "RJH", "--tenant", tenant);
        Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
        Assert.Contains("--scope: 'RJH' is not SCOPE=NUMBER", malformed.Error);
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_server_violations_are_printed_readably()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..12];
        var status = await host.RunAsync("goals", "--status", "purple", "--period", "2022-T2", "--tenant", tenant);
        Assert.Equal(ExitCodes.Usage, status.ExitCode);
        Assert.Contains("--status: 'purple' is not one of green (grön), yellow (gul), red (röd), not-measurable (ej-mätbar).", status.Error);
        var period = await host.RunAsync("outcome", "record", "--goal", "MIL-4", "--period", "2022-T5", "--value", "41", "--tenant", tenant);
        Assert.Equal(ExitCodes.Usage, period.ExitCode);
        var missing = await host.RunAsync("goal", "assess", "--goal", "MIL-4", "--tenant", tenant);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--period", missing.Error);

        // The server's field violations, one per line under the status. (A tenant with a plan: assess
        // reads the goal's follow-up for its etag before it sends the assessment.)
        var planned = "t" + Guid.NewGuid().ToString("N")[..12];
        await new GoalsService.GoalsServiceClient(host.Invoker(planned)).ImportPlanAsync(new ImportPlanRequest
        {
            BodyCode = "RS", Year = 2022, Name = "Verksamhetsplan 2022", Adopt = true,
            GoalAreas = { new GoalArea { Code = "MIL", Name = "Miljö" } },
            Goals = { new Goal { Code = "MIL-4", GoalAreaCode = "MIL", Kind = GoalKind.Goal, Name = "Andelen ekologiska livsmedel ska öka", Target = new Target { Text = "Minst 45 %" } } },
        });
        var blank = await host.RunAsync("goal", "assess", "--goal", "MIL-4", "--period", "2022-T2", "--status", "red", "--analysis", "  ", "--tenant", planned);
        Assert.Equal(ExitCodes.Rejected, blank.ExitCode);
        Assert.Contains("InvalidArgument: the request was refused (1 problem):", blank.Error);
        Assert.Contains("  --analysis: An assessment needs its analysis", blank.Error);
        Assert.Single(blank.Error.Split('\n'), line => line.Contains("An assessment needs its analysis"));

        var typo = await host.RunAsync("goal", "assess", "--goal", "MIL4", "--period", "2022-T2", "--status", "red", "--analysis", "Sent.", "--tenant", planned);
        Assert.Equal(ExitCodes.Rejected, typo.ExitCode);
        Assert.Contains("Plan RS 2022 has no goal 'MIL4'. Did you mean MIL-4?", typo.Error);

        var noPlan = await host.RunAsync("goals", "--period", "2022-T2", "--tenant", tenant);
        Assert.Equal(ExitCodes.Rejected, noPlan.ExitCode);
        Assert.Contains("NotFound: There is no plan RS 2022.", noPlan.Error);
    }

    /// The goal codes in the first column of a goals table.
    private static List<string> Codes(string output) =>
        output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*([A-Z]+-\d+)\s")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
}
