using Region.Goals.V1;
using Region.TestSupport;

namespace Region.Cli.Tests;

/// demo-data/rs-2022/goals.yaml and the invented follow-up file, read the way regionctl reads them.
public sealed class GoalsDemoDataTests
{
    public static string Plan => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "goals.yaml");
    public static string Outcomes => Path.Combine(TestInfra.RepoRoot, "demo-data", "rs-2022", "goal-outcomes-2022.invented.yaml");

    [Fact]
    public void The_plan_file_becomes_one_import_request_with_the_seeds_56_goals_adopted()
    {
        var request = GoalsData.Load<GoalsPlanFile>(Plan).ToRequest();
        Assert.Equal(("RS", 2022, true, "2022-03-21", "90"), (request.BodyCode, request.Year, request.Adopt, request.AdoptedOn, request.YellowFromPercent));
        Assert.Equal((4, 11, 56, 3, 3), (request.Strategies.Count, request.GoalAreas.Count, request.Goals.Count, request.Goals.Sum(g => g.Activities.Count), request.Indicators.Count));
        Assert.Equal(4, request.Goals.Count(g => g.IsFinancialGoal));
        var mil1 = request.Goals.Single(g => g.Code == "MIL-1").Target;
        Assert.Equal(("-20 %", 2019, "1454445"), (mil1.Text, mil1.BaselineYear, mil1.BaselineValue));
        Assert.Equal(Bound.AtMost, request.Goals.Single(g => g.Code == "HALSA-3").Target.Bound);
    }

    [Fact]
    public void Goal_texts_carry_none_of_the_source_PDFs_line_break_hyphens()
    {
        // "samhällsvik-tiga": a word broken at a line end in the PDF. Real compounds keep their hyphen.
        string[] compounds = ["socialt-etiskt", "back-up"];
        var request = GoalsData.Load<GoalsPlanFile>(Plan).ToRequest();
        var texts = request.Goals.SelectMany(g => new[] { g.Name, g.Description }.Concat(g.Activities.SelectMany(a => new[] { a.Name, a.Description })));
        var broken = texts.SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t ?? "", @"\b\p{Ll}{2,}-\p{Ll}+").Select(m => m.Value))
            .Where(word => !compounds.Contains(word)).ToList();
        Assert.True(broken.Count == 0, "Line-break hyphens left: " + string.Join(", ", broken));
    }

    [Fact]
    public void The_invented_file_says_so_and_names_only_goals_and_activities_of_the_plan()
    {
        var plan = GoalsData.Load<GoalsPlanFile>(Plan);
        var goals = plan.Goals!.Select(g => g.Code!).ToHashSet();
        var activities = plan.Goals!.SelectMany(g => g.Activities ?? []).Select(a => a.Code!).ToHashSet();
        var file = GoalsData.Load<GoalOutcomesFile>(Outcomes);
        Assert.True(file.Invented);
        Assert.StartsWith("# INVENTED", File.ReadAllText(Outcomes));
        Assert.Equal(("RS", 2022), (file.Body, file.Year));
        Assert.All(file.Outcomes!, o => Assert.Contains(o.Goal!, goals));
        Assert.All(file.Assessments!, a => Assert.Contains(a.Goal!, goals));
        Assert.All(file.Activities!, a => Assert.Contains(a.Activity!, activities));
        // Both tertials, most measurable goals; some with a breakdown by gender.
        Assert.Equal(["2021", "2022-T1", "2022-T2"], file.Outcomes!.Select(o => o.Period!).Distinct().Order());
        Assert.True(file.Outcomes!.Count(o => o.Period == "2022-T2") >= 30);
        Assert.True(file.Outcomes!.Count(o => o.Women is not null && o.Men is not null) >= 5);
        Assert.All(file.Assessments!, a => Assert.True(a.Analysis!.Length > 40, a.Goal));
    }

    [Fact]
    public void A_bad_follow_up_file_lists_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"goal-outcomes-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            kind: goal-outcomes
            body: RS
            year: 1999
            outcomes:
              - { goal: MIL-4, period: 2022-T4, value: 41 }
              - { goal: MIL-5, period: 2022-T2, value: många }
            assessments:
              - { goal: UTV-1, period: 2022-T2, status: purple }
            activities:
              - { activity: KOMP-1-A1, status: finished }
            """);
        try
        {
            var text = string.Join("\n", Assert.Throws<UsageException>(() => GoalsData.Load<GoalOutcomesFile>(path)).Problems);
            foreach (var field in new[] { "year", "outcomes[0].period", "outcomes[1].value", "assessments[0].status", "assessments[0].analysis", "activities[0].status" })
                Assert.Contains(field, text);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("2022-T2", Region.Common.V1.PeriodKind.Tertial, 2)]
    [InlineData("2022-t1", Region.Common.V1.PeriodKind.Tertial, 1)]
    [InlineData("2022-05", Region.Common.V1.PeriodKind.Month, 5)]
    [InlineData("2022-M12", Region.Common.V1.PeriodKind.Month, 12)]
    [InlineData("2022", Region.Common.V1.PeriodKind.Year, 0)]
    public void Periods_are_read_as_written_in_the_reports(string text, Region.Common.V1.PeriodKind kind, int number)
    {
        var period = PeriodArgument.Parse(text)!;
        Assert.Equal((2022, kind, number), (period.Year, period.Kind, period.Number));
    }

    [Theory]
    [InlineData("2022-T4")]
    [InlineData("2022-13")]
    [InlineData("22-T1")]
    [InlineData("T2")]
    [InlineData("2022-T2-1")]
    public void Other_period_texts_are_refused(string text) => Assert.Null(PeriodArgument.Parse(text));
}
