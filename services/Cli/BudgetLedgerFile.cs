using System.Text.RegularExpressions;
using Region.Budget.V1;

namespace Region.Cli;

/// The frame-change list of a document ("Förändringar budgetramar").
public sealed record LedgerSpec
{
    /// Defaults to the frame table's year.
    public int? Year { get; init; }

    /// True when the printed frames already contain these changes (the document lists how the frames
    /// came about): they are then recorded in the ledger without moving the frames again.
    public bool IncludedInFrames { get; init; }

    public List<LedgerEntrySpec>? Entries { get; init; }

    public int EffectiveYear(FrameTableSpec? table) => Year ?? table?.Year ?? 0;

    internal void Validate(string path, FrameTableSpec? table, Dictionary<string, UnitSpec> units, List<string> p)
    {
        var year = EffectiveYear(table);
        if (year is < 2000 or > 2100) p.Add($"{path}.year: a year between 2000 and 2100 (or a frame_table to take it from).");
        if (Entries is null || Entries.Count == 0) p.Add($"{path}.entries: no entries.");
        // Re-running an import skips an entry whose unit already has a ledger entry with the same reason.
        var reasons = new HashSet<(string, string)>();
        for (var i = 0; i < (Entries?.Count ?? 0); i++)
        {
            var entry = Entries![i];
            var entryPath = $"{path}.entries[{i}]";
            entry.Validate(entryPath, IncludedInFrames, units, p);
            foreach (var unit in entry.Units())
            {
                if (table is not null && year == table.Year && units.ContainsKey(unit) && !table.HasRowFor(unit))
                    p.Add($"{entryPath}: {unit} has no row in frame_table, so it has no {year} frame to change.");
                if (entry.Reason is { } reason && !reasons.Add((unit.ToUpperInvariant(), reason.Trim())))
                    p.Add($"{entryPath}.reason: {unit} already has an entry with this reason; reasons identify entries on re-import.");
            }
        }
    }
}

/// One frame change. `amount` is the figure the document prints (MSEK, unsigned; 0 when it gives
/// none), `change` how it lands in the columns (signed: costs negative), so the net of `change` is
/// ±amount. A transfer names `from` and `to` instead of `unit`.
public sealed record LedgerEntrySpec
{
    private static readonly Regex CasePattern = new(@"^[A-ZÅÄÖ]{1,10}/\d{1,6}/\d{4}$", RegexOptions.CultureInvariant);
    private static readonly string[] Kinds = ["index-uplift", "prioritisation", "other", "transfer"];

    public string? Unit { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Kind { get; init; }
    public string? Reason { get; init; }
    public string? Case { get; init; }
    public decimal? Amount { get; init; }
    public Dictionary<string, decimal>? Change { get; init; }
    public bool Estimate { get; init; }
    /// The other units a transfer without a figure concerns; recorded in the reason only.
    public List<string>? Counterparts { get; init; }

    public bool IsTransfer => Kind == "transfer";

    /// The units whose ledger gets this entry.
    public IEnumerable<string> Units() =>
        (IsTransfer ? new[] { From, To } : [Unit]).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!);

    public FrameAmounts ChangeAmounts()
    {
        var amounts = new FrameAmounts();
        foreach (var (column, msek) in Change ?? []) FrameColumnInfo.ByYamlName(column)!.Set(amounts, Amounts.SekFromMsek(msek));
        return amounts;
    }

    internal void Validate(string path, bool includedInFrames, Dictionary<string, UnitSpec> units, List<string> p)
    {
        if (Kind is null || !Kinds.Contains(Kind)) p.Add($"{path}.kind: '{Kind}' is not one of {string.Join(", ", Kinds)}.");
        if (IsTransfer)
        {
            if (Unit is not null) p.Add($"{path}.unit: a transfer names from and to instead.");
            CheckUnit(From, $"{path}.from", units, p);
            CheckUnit(To, $"{path}.to", units, p);
            if (From is not null && string.Equals(From, To, StringComparison.OrdinalIgnoreCase)) p.Add($"{path}.to: a transfer needs two different units.");
            if (Amount is 0 or null) p.Add($"{path}.amount: a transfer needs a figure; record one without as kind: other with estimate: true.");
            if (Estimate) p.Add($"{path}.estimate: a transfer moves an exact amount.");
            if (includedInFrames) p.Add($"{path}.kind: a transfer always moves both frames; in a ledger included_in_frames record it as kind: other.");
        }
        else
        {
            if (From is not null || To is not null) p.Add($"{path}: only a transfer names from and to; use unit.");
            CheckUnit(Unit, $"{path}.unit", units, p);
        }
        if (string.IsNullOrWhiteSpace(Reason)) p.Add($"{path}.reason: every frame change needs a reason.");
        else if (Reason.Trim().Length > 500) p.Add($"{path}.reason: at most 500 characters.");
        if (!string.IsNullOrEmpty(Case) && !CasePattern.IsMatch(Case)) p.Add($"{path}.case: '{Case}' is not a case number like RS/775/2020.");
        foreach (var (i, counterpart) in (Counterparts ?? []).Index()) CheckUnit(counterpart, $"{path}.counterparts[{i}]", units, p);

        if (Amount is null) { p.Add($"{path}.amount: missing (0 when the document gives no figure)."); return; }
        BudgetFile.CheckMsek(Amount, $"{path}.amount", p);
        if (Amount < 0) p.Add($"{path}.amount: the figure as printed, without sign; the sign goes in change.");
        var columnsOk = true;
        foreach (var (column, msek) in Change ?? [])
        {
            if (FrameColumnInfo.ByYamlName(column) is null)
            {
                p.Add($"{path}.change.{column}: not a column ({string.Join(", ", FrameColumnInfo.All.Select(c => c.YamlName))}).");
                columnsOk = false;
            }
            BudgetFile.CheckMsek(msek, $"{path}.change.{column}", p);
        }
        var net = (Change ?? []).Values.Sum();
        if (Amount == 0)
        {
            if (!Estimate) p.Add($"{path}.estimate: an entry without a figure (amount: 0) must say estimate: true.");
            if (net != 0 || (Change ?? []).Values.Any(v => v != 0)) p.Add($"{path}.change: amount is 0, so there is nothing to spread over the columns.");
        }
        else if (columnsOk && Math.Abs(net) != Amount)
            p.Add($"{path}.change: the columns add up to {net}, but the document's figure is {Amount}.");
    }

    private static void CheckUnit(string? code, string path, Dictionary<string, UnitSpec> units, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(code)) p.Add($"{path}: missing.");
        else if (!units.ContainsKey(code)) p.Add($"{path}: '{code}' is not in units.");
    }
}
