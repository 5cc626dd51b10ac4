using Region.Goals.V1;

namespace Region.Cli;

/// A plan file's vocabulary (goals.yaml: vocabulary:), its words for the two levels and their statuses.
/// What is left out takes the service's default (uppdrag / mål counted by colour). Seed 001's plan:
///   vocabulary:
///     counts_style: result-goals
///     assignments: { singular: resultatmål, plural: resultatmål, definite_plural: resultatmålen,
///                    statuses: { green: "tillfredsställande, målet uppnått", ... } }
///     goals: { singular: mätetal, ..., statuses: { green: uppfyllda, ..., not_measurable: saknar resultat } }
public sealed record VocabularySpec
{
    /// colours (seed 000, the default) or result-goals (seed 001).
    public string? CountsStyle { get; init; }
    public LevelWordsSpec? Assignments { get; init; }
    public LevelWordsSpec? Goals { get; init; }

    public void Validate(List<string> problems)
    {
        if (CountsStyle is not (null or "colours" or "result-goals"))
            problems.Add($"vocabulary.counts_style: '{CountsStyle}' is not colours or result-goals.");
    }

    public PlanVocabulary ToProto() => new()
    {
        CountsStyle = CountsStyle switch
        {
            "result-goals" => Region.Goals.V1.CountsStyle.ResultGoals,
            "colours" => Region.Goals.V1.CountsStyle.Colours,
            _ => Region.Goals.V1.CountsStyle.Unspecified,
        },
        Assignments = Assignments?.ToProto(), Goals = Goals?.ToProto(),
    };
}

public sealed record LevelWordsSpec
{
    public string? Singular { get; init; }
    public string? Plural { get; init; }
    public string? DefinitePlural { get; init; }
    /// An en-word ("en aktivitet"); the default is an ett-word ("ett mätetal").
    public bool CommonGender { get; init; }
    public StatusWordsSpec? Statuses { get; init; }

    public LevelWords ToProto() => new()
    {
        Singular = Singular ?? "", Plural = Plural ?? "", DefinitePlural = DefinitePlural ?? "", CommonGender = CommonGender,
        Statuses = Statuses is { } s
            ? new StatusWords { Green = s.Green ?? "", Yellow = s.Yellow ?? "", Red = s.Red ?? "", NotMeasurable = s.NotMeasurable ?? "" }
            : null,
    };
}

public sealed record StatusWordsSpec
{
    public string? Green { get; init; }
    public string? Yellow { get; init; }
    public string? Red { get; init; }
    public string? NotMeasurable { get; init; }
}
