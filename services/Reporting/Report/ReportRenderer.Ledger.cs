using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The frame ledger's sentences and amounts. A change the opening frames already contain (the plan
/// lists how its printed frames came about) is shown with its amount and marked, but counted once:
/// in the opening, never again in what the ledger changed.
public static partial class ReportRenderer
{
    public const string IncludedInOpeningMark = "ingår i ingångsramen";

    static List<string> LedgerSentences(Api.BudgetSection b)
    {
        var moved = b.Ledger.Where(l => !l.IncludedInOpening).ToList();
        var included = b.Ledger.Where(l => l.IncludedInOpening).ToList();
        var changed = moved.Sum(l => l.Change);
        var sentences = new List<string>
        {
            moved.Count == 0
                ? $"Budgetramarna öppnades med sammanlagt {Msek(b.OpeningNet)} miljoner kronor och har inte ändrats sedan."
                : $"Budgetramarna öppnades med sammanlagt {Msek(b.OpeningNet)} miljoner kronor och har sedan ändrats "
                  + $"{moved.Count} {(moved.Count == 1 ? "gång" : "gånger")} med sammanlagt {Msek(changed)} miljoner kronor, till {Msek(b.OpeningNet + changed)} miljoner kronor.",
        };
        if (included.Count > 0)
            sentences.Add($"{included.Count} {(included.Count == 1 ? "förändring" : "förändringar")} med sammanlagt {Msek(included.Sum(l => l.Change))} miljoner kronor "
                + "ingår redan i ingångsramarna; de redovisas nedan men räknas inte en gång till.");
        return sentences;
    }

    static string LedgerAmount(Api.LedgerLine l)
    {
        var marks = new List<string>();
        if (l.AmountIsEstimate) marks.Add("uppskattat");
        if (l.IncludedInOpening) marks.Add(IncludedInOpeningMark);
        return marks.Count == 0 ? Msek(l.Change) : $"{Msek(l.Change)} ({string.Join(", ", marks)})";
    }
}
