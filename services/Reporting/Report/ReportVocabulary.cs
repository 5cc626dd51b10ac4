using Region.Contracts.Goals;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The plan's vocabulary on the report (Report.vocabulary) and back, for the sentences and the rendering.
public static class ReportVocabulary
{
    public static Api.PlanVocabulary ToProto(PlanVocabulary? plan)
    {
        var w = PlanVocabulary.Complete(plan);
        return new Api.PlanVocabulary { Assignments = Level(w.Assignments), Goals = Level(w.Goals), CountsStyle = w.Style };
    }

    /// The report's words; a report without them (built before vocabularies) has the default ones.
    public static PlanVocabulary Of(Api.Report r) => r.Vocabulary is not { } v ? PlanVocabulary.Default
        : PlanVocabulary.Complete(new PlanVocabulary(Level(v.Assignments), Level(v.Goals), v.CountsStyle));

    static Api.LevelWords Level(LevelWords w) => new()
    {
        Singular = w.Singular, Plural = w.Plural, DefinitePlural = w.DefinitePlural, CommonGender = w.CommonGender,
        Green = w.Statuses.Green, Yellow = w.Statuses.Yellow, Red = w.Statuses.Red, NotMeasurable = w.Statuses.NotMeasurable,
    };

    static LevelWords Level(Api.LevelWords? w) => w is null ? new("", "", "", false, new("", "", "", ""))
        : new(w.Singular, w.Plural, w.DefinitePlural, w.CommonGender, new(w.Green, w.Yellow, w.Red, w.NotMeasurable));
}
