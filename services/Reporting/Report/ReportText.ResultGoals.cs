using Region.Contracts.Goals;
using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Seed 001's counts sentences, for a plan of result goals with measures under them (counts style
/// ResultGoals), in the plan's own words: "Av regionstyrelsens 17 resultatmål var fyra
/// tillfredsställande, målet uppnått, 12 inte helt tillfredsställande, pågående aktiviteter i rätt
/// riktning och ett otillfredsställande, målen inte uppnådda." and "Men av 34 mätetal är tio uppfyllda,
/// fem delvis uppfyllda och sex inte uppfyllda." One to ten are spelled out, as the seed mostly does.
public static partial class ReportText
{
    static IEnumerable<string> ResultGoalSentences(Api.Report r, Period period, PlanVocabulary w)
    {
        var (upper, lower) = (w.Assignments, w.Goals);
        string Upper(int n) => Spelled(n, upper.CommonGender);
        string Lower(int n) => Spelled(n, lower.CommonGender);
        if (r.Assignments.Total > 0)
        {
            yield return $"Av {Genitive(r.BodyName)} {Upper(r.Assignments.Total)} {upper.Plural} var {Counts(r.Assignments, upper.Statuses, Upper)}.";
            // The seed tells the previous tertial's figures as they were, not as a difference.
            if (r.PreviousAssignments.Total > 0)
                yield return $"{FollowUpOf(period.Previous(), period)} visade att av de {Upper(r.PreviousAssignments.Total)} {upper.DefinitePlural} var " +
                    $"{Counts(r.PreviousAssignments, upper.Statuses, Upper)}.";
        }
        if (r.Goals.Total == 0) yield break;
        var without = r.Goals.NotMeasurable;
        var under = r.Assignments.Total > 0 && r.GoalsUnderAssignments == r.Goals.Total ? "de tillhörande " : "";
        if (without > 0)
            yield return $"Vad gäller {under}{lower.DefinitePlural} är det {Lower(without)} {Who(lower.Statuses.NotMeasurable)}.";
        var judged = new Api.StatusCounts { Green = r.Goals.Green, Yellow = r.Goals.Yellow, Red = r.Goals.Red };
        if (judged.Green + judged.Yellow + judged.Red > 0)
            yield return $"{(without > 0 ? "Men av" : "Av")} {Lower(r.Goals.Total)} {lower.Plural} är {Counts(judged, lower.Statuses, Lower)}.";
    }

    /// "saknar resultat" → "som saknar resultat"; a word that already starts with "som" is kept.
    static string Who(string words) => words.StartsWith("som ", StringComparison.Ordinal) ? words : "som " + words;

    /// "Tertialrapporten per april", "Månadsrapporten per juli", "Årsredovisningen 2020".
    static string FollowUpOf(Period previous, Period report)
    {
        var month = previous.Year == report.Year ? previous.MonthName() : $"{previous.MonthName()} {previous.Year}";
        return previous.Kind switch
        {
            PeriodKind.Tertial => $"Tertialrapporten per {month}",
            PeriodKind.Month => $"Månadsrapporten per {month}",
            _ => $"Årsredovisningen {previous.Year}",
        };
    }

    static readonly string[] SmallNumbers = ["", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"];

    /// One to ten as words ("ett", or "en" for an en-word), larger numbers as digits: "fyra", "ett", "12".
    public static string Spelled(int n, bool commonGender = false) => n switch
    {
        1 when commonGender => "en",
        >= 1 and <= 10 => SmallNumbers[n],
        _ => $"{n}",
    };
}
