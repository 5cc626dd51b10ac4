using Region.Contracts.Goals;
using Region.Goals.Domain;
using Region.ServiceDefaults.Errors;
using Api = Region.Goals.V1;

namespace Region.Goals.Grpc;

/// A plan's vocabulary between the wire and the domain: a message left out is null (the default), a blank
/// word takes the default, an unknown style number is a violation.
public static class VocabularyMapping
{
    /// The vocabulary a request sends, checked (PlanVocabularyRules) with its violations added to the request's.
    public static PlanVocabulary? ToDomain(this Api.PlanVocabulary? w, string field, Violations v)
    {
        if (w is null) return null;
        var style = Mapping.Known<Api.CountsStyle>((int)w.CountsStyle, $"{field}.counts_style", v) switch
        {
            Api.CountsStyle.ResultGoals => PlanVocabulary.ResultGoalsStyle,
            _ => PlanVocabulary.ColoursStyle,
        };
        var vocabulary = new PlanVocabulary(Level(w.Assignments), Level(w.Goals), style);
        PlanVocabularyRules.Validate(vocabulary, field, v);
        return vocabulary;
    }

    /// Blank where the request says nothing: PlanVocabulary.Complete fills in the default.
    static LevelWords Level(Api.LevelWords? w) => w is null ? new("", "", "", false, new("", "", "", "")) : new(w.Singular, w.Plural, w.DefinitePlural, w.CommonGender,
        w.Statuses is { } s ? new StatusWords(s.Green, s.Yellow, s.Red, s.NotMeasurable) : new("", "", "", ""));

    public static Api.PlanVocabulary ToProto(this PlanVocabulary w) => new()
    {
        Assignments = Level(w.Assignments), Goals = Level(w.Goals),
        CountsStyle = w.IsResultGoalsStyle ? Api.CountsStyle.ResultGoals : Api.CountsStyle.Colours,
    };

    static Api.LevelWords Level(LevelWords w) => new()
    {
        Singular = w.Singular, Plural = w.Plural, DefinitePlural = w.DefinitePlural, CommonGender = w.CommonGender,
        Statuses = new Api.StatusWords { Green = w.Statuses.Green, Yellow = w.Statuses.Yellow, Red = w.Statuses.Red, NotMeasurable = w.Statuses.NotMeasurable },
    };
}
