using Region.ServiceDefaults.Errors;

namespace Region.Budget.Domain;

/// A row of a frame table as sent, before its unit is looked up; Category is null when unspecified.
public sealed record FrameTableRowInput(string UnitCode, string Label, FrameCategory? Category, bool HasAmounts);

/// A stated total of a frame table as sent.
public sealed record FrameTableTotalInput(string Label, FrameCategory? Category, bool HasAmounts);

/// What a frame table must be to be imported at all (the sums it states are checked afterwards by
/// FrameTableCheck and reported, not refused): every row opens the frame of one unit of the body.
public static class FrameTableRows
{
    /// Every row: a label, a category, amounts, and a known unit under the body, open in the year,
    /// named once. Every total: a label, a category and amounts. Returns the rows' units by row
    /// index (null where a row has none).
    public static OrgUnit?[] Check(IReadOnlyList<FrameTableRowInput> rows, IReadOnlyList<FrameTableTotalInput> totals,
        OrgTree tree, OrgUnit? body, int year, Violations v)
    {
        var units = new OrgUnit?[rows.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var field = $"rows[{i}]";
            v.Check(!string.IsNullOrWhiteSpace(row.Label), $"{field}.label", "Give the label printed in the table.");
            v.Check(row.Category is not null, $"{field}.category", "Say whether the row is the officials' or the elected members'.");
            v.Check(row.HasAmounts, $"{field}.amounts", "The row has no amounts.");
            if (string.IsNullOrWhiteSpace(row.UnitCode)) { v.Add($"{field}.unit_code", "A unit code is required."); continue; }
            if (!seen.Add(row.UnitCode)) { v.Add($"{field}.unit_code", $"Unit '{row.UnitCode}' has two rows."); continue; }
            var unit = tree.Find(row.UnitCode);
            if (unit is null) { v.Add($"{field}.unit_code", $"Unknown unit '{row.UnitCode}'."); continue; }
            if (body is not null && !tree.IsInSubtree(unit, body)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is not under {body.Code}.");
            if (!unit.IsOpenIn(year)) v.Add($"{field}.unit_code", $"Unit '{unit.Code}' is closed from {unit.ClosedFromYear}.");
            units[i] = unit;
        }
        for (var i = 0; i < totals.Count; i++)
        {
            v.Check(!string.IsNullOrWhiteSpace(totals[i].Label), $"totals[{i}].label", "Give the label printed in the table.");
            v.Check(totals[i].Category is not null, $"totals[{i}].category", "Say which rows the total sums.");
            v.Check(totals[i].HasAmounts, $"totals[{i}].amounts", "The total has no amounts.");
        }
        return units;
    }

    /// An import opens frames; one already open is changed with AdjustFrame instead.
    public static void CheckNoneOpen(IReadOnlyList<OrgUnit?> units, IReadOnlySet<Guid> unitsWithFrame, int year, Violations v)
    {
        for (var i = 0; i < units.Count; i++)
            if (units[i] is { } unit && unitsWithFrame.Contains(unit.Id))
                v.Add($"rows[{i}].unit_code", $"The {year} frame of {unit.Code} is already open.");
    }
}
