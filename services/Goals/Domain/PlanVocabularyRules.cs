using Region.Contracts.Goals;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// What a plan's vocabulary may hold as a request sends it: each word within its bound and without
/// control characters (a blank one takes the default). field is the request's path to it.
public static class PlanVocabularyRules
{
    public static void Validate(PlanVocabulary? sent, string field, Violations v)
    {
        if (sent is null) return;
        Level(sent.Assignments, $"{field}.assignments", v);
        Level(sent.Goals, $"{field}.goals", v);
        v.Check(sent.Style is PlanVocabulary.ColoursStyle or PlanVocabulary.ResultGoalsStyle, $"{field}.counts_style",
            $"{PlanVocabulary.ColoursStyle} or {PlanVocabulary.ResultGoalsStyle}.");
    }

    static void Level(LevelWords? w, string field, Violations v)
    {
        if (w is null) return;
        Input.CheckText(w.Singular, $"{field}.singular", PlanVocabulary.MaxLevelWordLength, v);
        Input.CheckText(w.Plural, $"{field}.plural", PlanVocabulary.MaxLevelWordLength, v);
        Input.CheckText(w.DefinitePlural, $"{field}.definite_plural", PlanVocabulary.MaxLevelWordLength, v);
        if (w.Statuses is not { } s) return;
        Input.CheckText(s.Green, $"{field}.statuses.green", PlanVocabulary.MaxStatusWordLength, v);
        Input.CheckText(s.Yellow, $"{field}.statuses.yellow", PlanVocabulary.MaxStatusWordLength, v);
        Input.CheckText(s.Red, $"{field}.statuses.red", PlanVocabulary.MaxStatusWordLength, v);
        Input.CheckText(s.NotMeasurable, $"{field}.statuses.not_measurable", PlanVocabulary.MaxStatusWordLength, v);
    }
}
