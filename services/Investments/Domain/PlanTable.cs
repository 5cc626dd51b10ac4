using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;

namespace Region.Investments.Domain;

/// One row of a published plan table as printed: the amount in kSEK (Tkr), as documents give it.
public sealed record PlanTableRow(
    string UnitCode, string Name, InvestmentKind Kind, InvestmentCategory? Category, long AmountKsek, Financing? Financing, bool UrgentPool);

/// A plan's published table checked as a whole: every row converted to SEK and validated, the
/// table's own consistency (no row twice, one pool for urgent investments), and its stated total
/// ("Summa") against the rows. A total that disagrees is a finding, never corrected.
public static class PlanTable
{
    public const string TotalLocation = "Summa";
    public const int MaxRows = 2000;

    /// The rows in SEK, or none when a violation was added to <paramref name="v"/>.
    public static IReadOnlyList<ObjectFields> Check(IReadOnlyList<PlanTableRow> rows, long? statedTotalKsek, Func<string, bool> unitKnown, Violations v)
    {
        if (v.Check(rows.Count > 0, "rows", "The table has no rows."))
            v.Check(rows.Count <= MaxRows, "rows", $"At most {MaxRows} rows.");
        if (statedTotalKsek is { } stated) v.Check(Ksek.IsConvertible(stated), "stated_total_ksek", "The stated total is too large.");
        var fields = new List<ObjectFields>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var prefix = $"rows[{i}].";
            var convertible = v.Check(Ksek.IsConvertible(row.AmountKsek), $"{prefix}amount_ksek", "The amount is out of range.");
            // An out-of-range amount is reported once, not again as "must be positive".
            var f = new ObjectFields(row.UnitCode, row.Name, row.Kind, row.Category, convertible ? Ksek.ToSek(row.AmountKsek) : long.MaxValue, row.Financing, row.UrgentPool);
            f.Validate(prefix, unitKnown, v, amountField: "amount_ksek");
            if (!string.IsNullOrWhiteSpace(row.Name) && !seen.Add((row.UnitCode.Trim().ToUpperInvariant(), row.Name.Trim())))
                v.Add($"{prefix}name", $"'{row.Name.Trim()}' of {row.UnitCode} appears twice in the table.");
            fields.Add(f);
        }
        if (rows.Count(r => r.UrgentPool) > 1)
            v.Add("rows", "A plan has one pool for urgent investments; the table marks several rows.");
        return v.Any ? [] : fields;
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
