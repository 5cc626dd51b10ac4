using Region.Goals.V1;

namespace Region.Cli.Tests;

/// A goals file's vocabulary (seed 001: resultatmål with mätetal), read the way regionctl reads it.
public sealed class VocabularySpecTests
{
    static GoalsPlanFile Load(string yaml) => GoalsPlanFileTests.Load<GoalsPlanFile>(yaml);

    const string Plan = """
        kind: goals
        body: RS
        year: 2021
        name: Regionstyrelsens verksamhetsplan 2021
        vocabulary:
          counts_style: result-goals
          assignments:
            singular: resultatmål
            plural: resultatmål
            definite_plural: resultatmålen
            statuses: { green: "tillfredsställande, målet uppnått", yellow: "inte helt tillfredsställande, pågående aktiviteter i rätt riktning", red: "otillfredsställande, målen inte uppnådda" }
          goals:
            singular: mätetal
            plural: mätetal
            definite_plural: mätetalen
            statuses: { green: uppfyllda, yellow: delvis uppfyllda, red: inte uppfyllda, not_measurable: saknar resultat }
        goal_areas:
          - { code: EKO, name: En ekonomi i balans }
        goals:
          - { code: R-1, area: EKO, kind: assignment, name: Ekonomi i balans, target: Genomförd aktivitet }
          - { code: M-1, area: EKO, assignment: R-1, name: Budgetavvikelse, target: "Minst 0 mnkr" }
        """;

    [Fact]
    public void The_plans_words_are_sent_with_the_import_and_those_left_out_stay_blank_for_the_default()
    {
        var words = Load(Plan).ToRequest().Vocabulary;
        Assert.Equal(CountsStyle.ResultGoals, words.CountsStyle);
        Assert.Equal(("resultatmålen", "otillfredsställande, målen inte uppnådda", ""),
            (words.Assignments.DefinitePlural, words.Assignments.Statuses.Red, words.Assignments.Statuses.NotMeasurable));
        Assert.Equal(("mätetal", "saknar resultat"), (words.Goals.Plural, words.Goals.Statuses.NotMeasurable));
    }

    [Fact]
    public void A_file_without_words_sends_none()
    {
        var yaml = Plan[..Plan.IndexOf("vocabulary:", StringComparison.Ordinal)] + Plan[Plan.IndexOf("goal_areas:", StringComparison.Ordinal)..];
        Assert.Null(Load(yaml).ToRequest().Vocabulary);
    }

    [Fact]
    public void An_unknown_counts_style_is_reported()
    {
        var problems = Assert.Throws<UsageException>(() => Load(Plan.Replace("counts_style: result-goals", "counts_style: traffic-lights"))).Problems;
        Assert.Contains(problems, p => p.Contains("vocabulary.counts_style: 'traffic-lights'", StringComparison.Ordinal));
    }
}
