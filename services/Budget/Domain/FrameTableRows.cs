using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Budget.Domain;

/// A row of a frame table as sent, before its unit is looked up; Category is null when unspecified.
public sealed record FrameTableRowInput(string UnitCode, string Label, FrameCategory? Category, bool HasAmounts);

/// A stated total of a frame table as sent.
public sealed record FrameTableTotalInput(string Label, FrameCategory? Category, bool HasAmounts);

/// What a frame table must be to be imported at all (the sums it states are checked afterwards by
/// FrameTableCheck and reported, not refused): every row opens the frame of one unit of the body.
public static class FrameTableRows
{
    public const int MaxRows = 1_000;
    public const int MaxTotals = 100;
    public const int MaxLabelLength = 200;

    /// Every row: a label, a category, amounts, and a known unit under the body, open in the year,
    /// named once. Every total: a label, a category and amounts. At most MaxRows rows and MaxTotals
    /// totals. Returns the rows' units by row index (null where a row has none).
    public static OrgUnit?[] Check(IReadOnlyList<FrameTableRowInput> rows, IReadOnlyList<FrameTableTotalInput> totals,
        OrgTree tree, OrgUnit? body, int year, Violations v)
    {
        var units = new OrgUnit?[rows.Count];
        var rowsOk = v.Check(rows.Count <= MaxRows, "rows", $"At most {MaxRows} rows (got {rows.Count}).");
        var totalsOk = v.Check(totals.Count <= MaxTotals, "totals", $"At most {MaxTotals} totals (got {totals.Count}).");
        if (!rowsOk || !totalsOk) return units;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var field = $"rows[{i}]";
            CheckLabel(row.Label, $"{field}.label", v);
            v.Check(row.Category is not null, $"{field}.category", "Say whether the row is the officials' or the elected members'.");
            v.Check(row.HasAmounts, $"{field}.amounts", "The row has no amounts.");
            if (!OrgUnit.CheckCode(row.UnitCode, $"{field}.unit_code", v)) continue;
            if (!seen.Add(Input.Code(row.UnitCode))) { v.Add($"{field}.unit_code", $"Unit {Input.Quote(row.UnitCode)} has two rows."); continue; }
            var unit = tree.Find(row.UnitCode);
            if (unit is null) { v.Add($"{field}.unit_code", $"Unknown unit {Input.Quote(row.UnitCode)}."); continue; }
            if (body is not null && !tree.IsInSubtree(unit, body)) v.Add($"{field}.unit_code", $"Unit {unit.Code} is not under {body.Code}.");
            if (!unit.IsOpenIn(year)) v.Add($"{field}.unit_code", $"Unit {unit.Code} is closed from {unit.ClosedFromYear}.");
            units[i] = unit;
        }
        for (var i = 0; i < totals.Count; i++)
        {
            CheckLabel(totals[i].Label, $"totals[{i}].label", v);
            v.Check(totals[i].Category is not null, $"totals[{i}].category", "Say which rows the total sums.");
            v.Check(totals[i].HasAmounts, $"totals[{i}].amounts", "The total has no amounts.");
        }
        return units;
    }

    /// Every printed figure within AmountRange, so that checking the table's sums cannot overflow:
    /// the rows' columns within ±MaxColumn, their nets and every figure of a stated total within ±MaxNet.
    public static void CheckAmounts(IReadOnlyList<(FrameAmounts Columns, long Net)> rows, IReadOnlyList<(FrameAmounts Columns, long Net)> totals, Violations v)
    {
        if (rows.Count > MaxRows || totals.Count > MaxTotals) return; // refused by Check as a whole
        for (var i = 0; i < rows.Count; i++)
        {
            AmountChecks.Columns(rows[i].Columns, $"rows[{i}].amounts", v);
            AmountChecks.Net(rows[i].Net, $"rows[{i}].amounts.net", v);
        }
        for (var i = 0; i < totals.Count; i++)
        {
            AmountChecks.Columns(totals[i].Columns, $"totals[{i}].amounts", v, AmountRange.MaxNet);
            AmountChecks.Net(totals[i].Net, $"totals[{i}].amounts.net", v);
        }
    }

    private static void CheckLabel(string label, string field, Violations v)
    {
        if (string.IsNullOrWhiteSpace(label)) v.Add(field, "Give the label printed in the table.");
        else Input.CheckText(label, field, MaxLabelLength, v);
    }

    /// An import opens frames; one already open is changed with AdjustFrame instead.
    public static void CheckNoneOpen(IReadOnlyList<OrgUnit?> units, IReadOnlySet<Guid> unitsWithFrame, int year, Violations v)
    {
        for (var i = 0; i < units.Count; i++)
            if (units[i] is { } unit && unitsWithFrame.Contains(unit.Id))
                v.Add($"rows[{i}].unit_code", $"The {year} frame of {unit.Code} is already open.");
    }
}
