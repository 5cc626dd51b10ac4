using Region.Goals.V1;

namespace Region.Cli.Tests;

/// The parts of a goals file about where a goal sits (under an assignment, seed 000) and of an
/// outcomes file about the full-year forecast, read the way regionctl reads them.
public sealed class GoalsPlanFileTests
{
    /// A file of the given text, read the way regionctl reads it.
    internal static T Load<T>(string yaml) where T : class, IGoalsDataFile
    {
        var path = Path.Combine(Path.GetTempPath(), $"goals-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try { return GoalsData.Load<T>(path); }
        finally { File.Delete(path); }
    }

    const string Plan = """
        kind: goals
        body: RS
        year: 2023
        name: Verksamhetsplan 2023
        goal_areas:
          - { code: EKO, name: En ekonomi i balans }
        goals:
          - { code: U-1, area: EKO, kind: assignment, name: Ekonomi i balans, target: Genomförd aktivitet }
          - { code: M-1, area: EKO, assignment: U-1, name: Nettokostnadsutveckling, target: "Högst 4 %" }
        """;

    [Fact]
    public void A_goal_under_an_assignment_is_sent_with_the_assignments_code()
    {
        var request = Load<GoalsPlanFile>(Plan).ToRequest();
        Assert.Equal(("", GoalKind.Assignment), (request.Goals[0].AssignmentCode, request.Goals[0].Kind));
        Assert.Equal(("U-1", GoalKind.Goal), (request.Goals[1].AssignmentCode, request.Goals[1].Kind));
    }

    [Fact]
    public void A_goal_under_no_assignment_of_the_file_and_an_assignment_under_one_are_both_reported()
    {
        var yaml = Plan.Replace("assignment: U-1", "assignment: M-9") + "\n  - { code: U-2, area: EKO, kind: assignment, assignment: U-1, name: Fastighetsplan, target: Genomförd aktivitet }";
        var problems = Assert.Throws<UsageException>(() => Load<GoalsPlanFile>(yaml)).Problems;
        Assert.Contains(problems, p => p.Contains("goals[1].assignment: 'M-9'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("goals[2].assignment: 'U-1'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_outcomes_forecast_must_be_a_number()
    {
        var problems = Assert.Throws<UsageException>(() => Load<GoalOutcomesFile>("""
            kind: goal-outcomes
            body: RS
            year: 2022
            outcomes:
              - { goal: HALSA-3, period: 2022-T2, value: 5.1, forecast: lägre }
            """)).Problems;
        Assert.Contains(problems, p => p.Contains("outcomes[0].forecast", StringComparison.Ordinal));
    }

    [Fact]
    public void An_outcome_per_scope_needs_no_total_but_a_number_for_every_scope()
    {
        const string Yaml = """
            kind: goal-outcomes
            body: RS
            year: 2022
            outcomes:
              - { goal: HALSA-3, period: 2022-T2, scopes: { RJH: 5.1, RS: 4.2 } }
            """;
        Assert.Equal(["4.2", "5.1"], Load<GoalOutcomesFile>(Yaml).Outcomes![0].Scopes!.Values.Order());
        var problems = Assert.Throws<UsageException>(() => Load<GoalOutcomesFile>(Yaml.Replace("RS: 4.2", "RS: lägre"))).Problems;
        Assert.Contains(problems, p => p.Contains("outcomes[0].scopes.RS", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("outcomes[0].value", StringComparison.Ordinal));
    }
}
