using Region.Contracts.Budget;
using Region.Contracts.Events;

namespace Region.Budget.Domain;

/// A row of a published frame table as printed: the columns and the net it states.
public sealed record PrintedRow(string Label, FrameCategory Category, FrameAmounts Columns, long StatedNet);

/// A stated sum line of a table ("Summa tjänstemannabudget") over the rows of one category.
public sealed record PrintedTotal(string Label, FrameCategory Category, FrameAmounts Columns, long StatedNet);

/// Checks that a published frame table adds up: every row's net against its columns, every stated
/// total against its rows and against its own columns, the financing total against its parts, and
/// the total net budget against financing plus the frames. Disagreements become findings; nothing
/// is corrected.
public static class FrameTableCheck
{
    public const string FinancingLocation = "Finansiering";
    public const string TotalNetBudgetLocation = "Total nettobudget";

    public static IReadOnlyList<FrameTableFinding> Check(
        IReadOnlyList<PrintedRow> rows, IReadOnlyList<PrintedTotal> totals,
        FinancingData? financing, long? statedFinancingTotal, long? statedTotalNetBudget)
    {
        var findings = new List<FrameTableFinding>();

        foreach (var row in rows)
            if (row.StatedNet != row.Columns.Net)
                findings.Add(new(row.Label, BudgetColumn.Net, null, row.StatedNet, row.Columns.Net,
                    "The row's net is not the sum of its columns."));

        foreach (var total in totals)
        {
            var sum = FrameAmounts.Sum(rows.Where(r => r.Category == total.Category).Select(r => r.Columns));
            foreach (var (column, stated) in total.Columns.Columns())
                if (stated != sum[column])
                    findings.Add(new(total.Label, column, null, stated, sum[column],
                        "The stated total is not the sum of the rows."));
            if (total.StatedNet != sum.Net)
                findings.Add(new(total.Label, BudgetColumn.Net, "rows", total.StatedNet, sum.Net,
                    "The stated net total is not the sum of the rows' nets."));
            if (total.StatedNet != total.Columns.Net)
                findings.Add(new(total.Label, BudgetColumn.Net, "columns", total.StatedNet, total.Columns.Net,
                    "The stated net total is not the sum of the stated column totals."));
        }

        if (financing is not null && statedFinancingTotal is { } statedFinancing && statedFinancing != financing.Total)
            findings.Add(new(FinancingLocation, BudgetColumn.Net, "total", statedFinancing, financing.Total,
                "The stated financing total is not the sum of its parts."));

        if (statedTotalNetBudget is { } statedTotal)
        {
            var computed = (financing?.Total ?? 0) + rows.Sum(r => r.Columns.Net);
            if (statedTotal != computed)
                findings.Add(new(TotalNetBudgetLocation, BudgetColumn.Net, null, statedTotal, computed,
                    "The total net budget is not financing plus the frames' nets."));
        }
        return findings;
    }
}
