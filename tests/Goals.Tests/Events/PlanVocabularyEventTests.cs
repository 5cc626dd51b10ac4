using Region.Contracts.Events;
using Region.Contracts.Goals;
using Region.Goals.Domain;
using Region.Goals.Events;

namespace Region.Goals.Tests.Events;

/// The plan's vocabulary travels with its state, so reporting counts in the plan's own words.
public sealed class PlanVocabularyEventTests
{
    private static readonly DateTimeOffset At = new(2020, 11, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Adoption_announces_the_plans_words_with_the_default_for_those_it_left_out()
    {
        var sent = new PlanVocabulary(
            new LevelWords("resultatmål", "resultatmål", "resultatmålen", false, new StatusWords("tillfredsställande, målet uppnått", "", "", "")),
            new LevelWords("mätetal", "mätetal", "mätetalen", false, new StatusWords("uppfyllda", "delvis uppfyllda", "inte uppfyllda", "saknar resultat")),
            PlanVocabulary.ResultGoalsStyle);
        var plan = Plan.Create("RS", 2021, "Verksamhetsplan 2021", null, null, 90m, PlanContent.Empty, "planner", At, sent);
        plan.Adopt(plan.Latest, new DateOnly(2020, 11, 4), "board");

        var words = PlanAdoptionEvents.For(plan, plan.InForce!, null, PlanProgress.None(plan), "t1", At).OfType<PlanAdopted>().Single().Plan.Vocabulary!;

        Assert.Equal(PlanVocabulary.ResultGoalsStyle, words.Style);
        Assert.Equal(("resultatmålen", "tillfredsställande, målet uppnått", "gula"), (words.Assignments.DefinitePlural, words.Assignments.Statuses.Green, words.Assignments.Statuses.Yellow));
        Assert.Equal(sent.Goals, words.Goals);
    }

    [Fact]
    public void A_plan_without_words_announces_todays_wording()
    {
        var plan = Plan.Create("RS", 2022, "Verksamhetsplan 2022", null, null, 90m, PlanContent.Empty, "planner", At);
        Assert.Equal(PlanVocabulary.Default, plan.State(plan.Latest).Vocabulary);
    }
}
