using System.Globalization;
using Region.Contracts.Goals;
using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The Swedish sentences of a follow-up report, written from its figures the way the secretariat
/// writes them (seeds 000 and 001): counts by colour, the change since the last period, activity
/// status and the budget deviation in millions of kronor.
public static partial class ReportText
{
    public static IEnumerable<string> Summary(Api.Report r, Period period)
    {
        var owner = Genitive(r.BodyName);
        var words = ReportVocabulary.Of(r);
        // The counts in the plan's own words: seed 001's sentences for result goals with measures, else seed 000's.
        foreach (var sentence in words.IsResultGoalsStyle ? ResultGoalSentences(r, period, words) : ColourSentences(r, period, words))
            yield return sentence;
        if (r.Activities.Total > 0)
            yield return $"{owner.Capitalise()} mål har brutits ner till {Count(r.Activities.Total, "aktivitet", "aktiviteter")}. " +
                $"Av dessa är {Count(r.Activities.Planned, "planerad", "planerade")}, {r.Activities.Ongoing} pågående enligt plan, " +
                $"{Count(r.Activities.Delayed, "försenad", "försenade")} och {Count(r.Activities.Done, "genomförd", "genomförda")}.";
        if (r.Budget?.Rows.FirstOrDefault(b => b.UnitCode.Equals(r.BodyCode, StringComparison.OrdinalIgnoreCase)) is { } total)
        {
            yield return $"{r.BodyName} har per {period.LastDay.Day} {period.MonthName()} en {(total.Deviation >= 0 ? "positiv" : "negativ")} " +
                $"budgetavvikelse på {Msek(Math.Abs(total.Deviation))} miljoner kronor.";
            if (total.HasForecast)
                yield return $"Prognosen för helåret är en {(total.ForecastDeviation >= 0 ? "positiv" : "negativ")} avvikelse på {Msek(Math.Abs(total.ForecastDeviation))} miljoner kronor.";
        }
    }

    /// Seed 000's: "Av regionstyrelsens 20 uppdrag var 2 gröna, 15 gula och 3 röda.", "Av de 58 mätbara målen
    /// var 15 gröna, 26 gula, 15 röda samt 2 som ej mätbara." and the change since the previous period.
    static IEnumerable<string> ColourSentences(Api.Report r, Period period, PlanVocabulary w)
    {
        if (r.Assignments.Total > 0)
            yield return $"Av {Genitive(r.BodyName)} {r.Assignments.Total} {w.Assignments.Plural} var {Counts(r.Assignments, w.Assignments.Statuses, Digits)}.";
        if (r.Goals.Total > 0)
            yield return $"Av de {r.Goals.Total} mätbara {w.Goals.DefinitePlural}{(r.Goals.Total == r.GoalsUnderAssignments ? $" under {w.Assignments.DefinitePlural}" : "")} " +
                $"var {Counts(r.Goals, w.Goals.Statuses, Digits)}.";
        if (Change(r.Goals, r.PreviousGoals, w.Goals.Plural, w.Goals.Statuses, period) is { } goalChange) yield return goalChange;
        if (Change(r.Assignments, r.PreviousAssignments, w.Assignments.Plural, w.Assignments.Statuses, period) is { } assignmentChange) yield return assignmentChange;
    }

    static string Digits(int n) => $"{n}";

    /// "15 gröna, 26 gula, 15 röda samt 2 som ej mätbara"; "18 gula och 2 röda" (a status nobody has is left out);
    /// "fyra tillfredsställande, målet uppnått, ..." in another plan's words and numbers.
    static string Counts(Api.StatusCounts c, StatusWords words, Func<int, string> number)
    {
        var parts = new[] { (c.Green, words.Green), (c.Yellow, words.Yellow), (c.Red, words.Red) }
            .Where(p => p.Item1 > 0).Select(p => $"{number(p.Item1)} {p.Item2}").ToList();
        if (c.NotMeasurable == 0) return JoinAnd(parts);
        var rest = $"{number(c.NotMeasurable)} {words.NotMeasurable}";
        return parts.Count == 0 ? rest : $"{string.Join(", ", parts)} samt {rest}";
    }

    static string JoinAnd(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : string.Join(", ", parts.Take(parts.Count - 1)) + " och " + parts[^1];

    /// "Jämfört med april är 5 fler mål gröna, 2 färre gula och 2 färre röda."
    static string? Change(Api.StatusCounts now, Api.StatusCounts before, string what, StatusWords words, Period period)
    {
        if (now.Total == 0 || before.Total == 0) return null;
        var previous = period.Previous();
        var when = previous.Year == period.Year ? previous.ShortLabel() : previous.Label();
        var parts = new List<string>();
        void Add(int delta, string colour)
        {
            if (delta != 0) parts.Add($"{Math.Abs(delta)} {(delta > 0 ? "fler" : "färre")} {colour}");
        }
        Add(now.Green - before.Green, words.Green);
        Add(now.Yellow - before.Yellow, words.Yellow);
        Add(now.Red - before.Red, words.Red);
        if (parts.Count == 0) return $"Fördelningen av {what} är densamma som i {when}.";
        var list = JoinAnd(parts);
        // The first part carries the noun: "5 fler mål gröna" reads naturally, the rest follow it.
        var first = list.IndexOf(' ', list.IndexOf(' ') + 1);
        return $"Jämfört med {when} är {list[..first]} {what}{list[first..]}.";
    }

    /// "Regionstyrelsen" → "regionstyrelsens".
    public static string Genitive(string name)
    {
        var lower = name.Length > 0 ? char.ToLowerInvariant(name[0]) + name[1..] : name;
        return lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') ? lower : lower + "s";
    }

    internal static string Capitalise(this string s) => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s;

    static readonly NumberFormatInfo Swedish = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = " ", NegativeSign = "-" };

    /// Whole SEK as MSEK with one decimal, Swedish style: "3 373,4".
    public static string Msek(long sek) => (Math.Round(sek / 1_000_000m, 1, MidpointRounding.AwayFromZero)).ToString("#,0.0", Swedish);

    /// Whole SEK as kSEK: "49 383".
    public static string Ksek(long sek) => Math.Round(sek / 1_000m, 0, MidpointRounding.AwayFromZero).ToString("#,0", Swedish);

    /// An outcome as people write it: "61,5", "1 454 445". A double, as on the wire: any value prints.
    public static string Number(double value) => value.ToString("#,0.##", Swedish);

    /// Said instead of the budget when its amounts are too large to add up (see AmountSums).
    public const string BudgetOutOfRange =
        "Ekonomin redovisas inte: de registrerade beloppen är för stora för att kunna summeras. Kontrollera ramar och utfall i budgettjänsten.";

    public const string InvestmentsOutOfRange =
        "Investeringarna redovisas inte: de registrerade beloppen är för stora för att kunna summeras. Kontrollera objekten i investeringstjänsten.";

    public static string StatusWord(string status) => status switch
    {
        ReportBuilder.Green => "Grön",
        ReportBuilder.Yellow => "Gul",
        ReportBuilder.Red => "Röd",
        _ => "Ej mätbar",
    };

    /// A transfer's other unit and which way the frame went. Amounts are signed (costs negative), so
    /// the unit whose net falls has more to spend: it received from the other, which gave to it.
    public static string TransferDirection(Api.LedgerLine l) => (l.CounterpartUnitCode, l.Change) switch
    {
        ("", _) => "",
        (var other, < 0) => $" (från {other})",
        (var other, > 0) => $" (till {other})",
        (var other, _) => $" (mot {other})",
    };

    public static string LedgerKind(string kind) => kind switch
    {
        "IndexUplift" => "Uppräkning (LPIK)",
        "Prioritisation" => "Prioritering",
        "Transfer" => "Omdisponering",
        _ => "Övrigt",
    };

    public static string Signal(string signal) => signal switch
    {
        "RedWithSurplus" => "röda mål trots överskott",
        "RedWithDeficit" => "röda mål och underskott",
        "GreenWithDeficit" => "gröna mål med underskott",
        _ => "",
    };

    /// The note every rendering of a report on invented figures carries, naming them and the year:
    /// "Målens utfall och budgetutfallen 2022 är påhittade exempel, inte regionens egna siffror."
    public static string? InventedNote(Api.Report r)
    {
        var parts = r.InventedData.Select(kind => kind switch
        {
            ReportBuilder.InventedGoalOutcomes => "målens utfall",
            ReportBuilder.InventedBudgetOutcomes => "budgetutfallen",
            ReportBuilder.InventedBudgetForecasts => "budgetprognoserna",
            ReportBuilder.InventedInvestmentFigures => "investeringarnas utgifter och prognoser",
            _ => "övriga uppgifter",
        }).Distinct().ToList();
        return parts.Count == 0 ? null
            : $"{JoinAnd(parts).Capitalise()} {r.PeriodParts.Year} är påhittade exempel, inte regionens egna siffror.";
    }

    /// "2021", "april", "augusti 2021": a series point as the report's year makes it clear.
    public static string PointLabel(Api.SeriesPoint p, Period report)
    {
        var period = Period.TryCreate(p.PeriodParts.Year, (PeriodKind)(int)p.PeriodParts.Kind, p.PeriodParts.Number)!.Value;
        if (period.Kind == PeriodKind.Year) return $"{period.Year}";
        return period.Year == report.Year ? period.ShortLabel() : $"{period.MonthName()} {period.Year}";
    }

    /// "2021: 5,6; april: 5,4; augusti: 5,1".
    public static string Series(IEnumerable<Api.SeriesPoint> points, Period report) =>
        string.Join("; ", points.Select(p => $"{PointLabel(p, report)}: {Number(p.Outcome)}"));

    public static string TrendWord(string trend) => trend switch
    {
        ReportBuilder.Rising => "stigande",
        ReportBuilder.Falling => "sjunkande",
        _ => "oförändrad",
    };

    /// A number with its word in agreement: "1 genomförd", "8 genomförda".
    static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
