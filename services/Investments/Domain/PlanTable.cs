using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Investments.Domain;

/// One row of a published plan table as printed: the amount in kSEK (Tkr), as documents give it.
public sealed record PlanTableRow(
    string UnitCode, string Name, InvestmentKind? Kind, InvestmentCategory? Category, long AmountKsek, Financing? Financing, bool UrgentPool);

/// A plan's published table checked as a whole: every row converted to SEK and validated, the
/// table's own consistency (no row twice, one pool for urgent investments), and its stated total
/// ("Summa") against the rows. A total that disagrees is a finding, never corrected.
public static class PlanTable
{
    public const string TotalLocation = "Summa";
    public const int MaxRows = 2000;

    /// The rows in SEK, or none when a violation was added to <paramref name="v"/>.
    public static IReadOnlyList<ObjectFields> Check(IReadOnlyList<PlanTableRow> rows, long? statedTotalKsek, PlanBody body, Violations v)
    {
        if (!v.Check(rows.Count > 0, "rows", "The table has no rows.")) return [];
        // Past the limit no row is looked at: the caller hears one violation, not one per row.
        if (!v.Check(rows.Count <= MaxRows, "rows", $"At most {MaxRows} rows (got {rows.Count}).")) return [];
        if (statedTotalKsek is { } stated)
            v.Check(stated is > 0 and <= InvestmentFigures.MaxRegionTotal / 1000, "stated_total_ksek",
                $"From 1 to {InvestmentFigures.MaxRegionTotal / 1000} kSEK, or 0 when the document states none.");
        var fields = new List<ObjectFields>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var prefix = $"rows[{i}].";
            var f = new ObjectFields(row.UnitCode, row.Name, row.Kind, row.Category,
                Ksek.IsConvertible(row.AmountKsek) ? Ksek.ToSek(row.AmountKsek) : 0, row.Financing, row.UrgentPool);
            f.Validate(prefix, body, v, amountField: "amount_ksek", amountKsek: row.AmountKsek);
            if (!string.IsNullOrWhiteSpace(row.Name) && !seen.Add((Input.Code(row.UnitCode), row.Name.Trim())))
                v.Add($"{prefix}name", $"{Input.Quote(row.Name.Trim())} of {Input.Quote(row.UnitCode)} appears twice in the table.");
            fields.Add(f);
        }
        if (rows.Count(r => r.UrgentPool) > 1)
            v.Add("rows", "A plan has one pool for urgent investments; the table marks several rows.");
        return v.Any ? [] : fields.Select(f => f.Normalized()).ToList();
    }

    /// The finding on the stated total (SEK), or none when it agrees or none was stated.
    public static InvestmentTableFinding? CheckTotal(long? statedTotal, IEnumerable<ObjectFields> rows)
    {
        var computed = rows.Sum(r => r.Amount);
        return statedTotal is { } stated && stated != computed
            ? new InvestmentTableFinding(TotalLocation, stated, computed, "The stated total is not the sum of the rows.")
            : null;
    }
}
