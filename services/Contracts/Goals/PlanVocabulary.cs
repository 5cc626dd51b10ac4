namespace Region.Contracts.Goals;

/// The words a plan uses for its two levels and their statuses, stored with the plan and carried by
/// its events, so the report counts in the plan's own words. The upper level is what the goals
/// service models as assignments (GoalKind.Assignment: assessed by a person, goals may sit under it),
/// the lower one its goals (status by the plan's rule). Seed 000 (and RS 2022): uppdrag above mål,
/// counted by colour. Seed 001: resultatmål, judged by assessment as "tillfredsställande, målet
/// uppnått" ..., with mätetal under them that are "uppfyllda", "delvis uppfyllda", "inte uppfyllda"
/// or without a result. Style says which of the seeds' counts sentences the report writes.
public sealed record PlanVocabulary(LevelWords Assignments, LevelWords Goals, string Style)
{
    /// Seed 000's sentences: "Av de 58 mätbara målen var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara."
    public const string ColoursStyle = "Colours";
    /// Seed 001's: "Av regionstyrelsens 17 resultatmål var fyra tillfredsställande, målet uppnått, ..." and
    /// "Men av 34 mätetal är tio uppfyllda, ..."; small numbers spelled out.
    public const string ResultGoalsStyle = "ResultGoals";

    public const int MaxLevelWordLength = 60;
    public const int MaxStatusWordLength = 120;

    /// Today's wording, which every plan created before vocabularies existed keeps.
    public static readonly PlanVocabulary Default = new(
        new LevelWords("uppdrag", "uppdrag", "uppdragen", false, new StatusWords("gröna", "gula", "röda", "som ej bedömts")),
        new LevelWords("mål", "mål", "målen", false, new StatusWords("gröna", "gula", "röda", "som ej mätbara")),
        ColoursStyle);

    public bool IsResultGoalsStyle => Style == ResultGoalsStyle;

    /// Every word left blank (or a style not named) takes the default, so a plan may name only what differs;
    /// a null vocabulary (an older plan or event) is the default.
    public static PlanVocabulary Complete(PlanVocabulary? v) => v is null ? Default : new(
        LevelWords.Complete(v.Assignments, Default.Assignments), LevelWords.Complete(v.Goals, Default.Goals),
        v.Style is ColoursStyle or ResultGoalsStyle ? v.Style : ColoursStyle);
}

/// A level's noun in the forms the sentences need ("resultatmål", "resultatmål", "resultatmålen") and its
/// gender (en/ett: "ett otillfredsställande"; common gender says "en"), with its status words.
public sealed record LevelWords(string Singular, string Plural, string DefinitePlural, bool CommonGender, StatusWords Statuses)
{
    public static LevelWords Complete(LevelWords? w, LevelWords d) => w is null ? d : new(
        Or(w.Singular, d.Singular), Or(w.Plural, d.Plural), Or(w.DefinitePlural, d.DefinitePlural), w.CommonGender,
        w.Statuses is not { } s ? d.Statuses
            : new StatusWords(Or(s.Green, d.Statuses.Green), Or(s.Yellow, d.Statuses.Yellow), Or(s.Red, d.Statuses.Red), Or(s.NotMeasurable, d.Statuses.NotMeasurable)));

    static string Or(string? word, string fallback) => string.IsNullOrWhiteSpace(word) ? fallback : word.Trim();
}

/// What a count of a level's items with each status is called after its number: "15 gröna", "tio uppfyllda".
/// NotMeasurable is said of those without a status: "som ej mätbara", "saknar resultat".
public sealed record StatusWords(string Green, string Yellow, string Red, string NotMeasurable);
