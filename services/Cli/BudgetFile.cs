using System.Text.RegularExpressions;
using Region.Budget.V1;

namespace Region.Cli;

/// A budget demo-data file (e.g. demo-data/rs-2022/budget.yaml): the org units, a published frame
/// table and its frame-change ledger, amounts in MSEK exactly as printed. Plain records for
/// YamlDotNet; Validate() finds every problem at once, with its path, before anything is sent.
public sealed record BudgetFile
{
    /// Always "budget": tells `regionctl import` which service the file is for.
    public string? Kind { get; init; }
    /// The document the figures come from.
    public string? Source { get; init; }
    public List<UnitSpec>? Units { get; init; }
    public FrameTableSpec? FrameTable { get; init; }
    public LedgerSpec? Ledger { get; init; }

    public static BudgetFile Load(string path) => DataFile.Load<BudgetFile>(path, f => f.Validate());

    /// Every problem in the file, each as "path: what is wrong".
    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        var units = new Dictionary<string, UnitSpec>(StringComparer.OrdinalIgnoreCase);
        if (Units is null || Units.Count == 0) p.Add("units: list the org units the table and the ledger name.");
        for (var i = 0; i < (Units?.Count ?? 0); i++) Units![i].Validate($"units[{i}]", units, p);

        if (FrameTable is null) p.Add("frame_table: missing.");
        else FrameTable.Validate("frame_table", units, p);

        Ledger?.Validate("ledger", FrameTable, units, p);
        return p;
    }

    public ImportFrameTableRequest ToImportRequest() => FrameTable!.ToRequest();

    internal static bool HasAtMostOneDecimal(decimal value) => value * 10 == decimal.Truncate(value * 10);

    internal static void CheckMsek(decimal? value, string path, List<string> p, bool required = true)
    {
        if (value is null)
        {
            if (required) p.Add($"{path}: missing.");
        }
        else if (!HasAtMostOneDecimal(value.Value)) p.Add($"{path}: {value} has more than one decimal; amounts are MSEK as printed.");
    }
}

/// An org unit: code, name, level (region, body, division, area, department, unit) and parent code.
public sealed record UnitSpec
{
    private static readonly Regex CodePattern = new(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}\-_.]{0,39}$", RegexOptions.CultureInvariant);

    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Level { get; init; }
    public string? Parent { get; init; }

    public UnitLevel ProtoLevel => Level switch
    {
        "region" => UnitLevel.Region,
        "body" => UnitLevel.Body,
        "division" => UnitLevel.Division,
        "area" => UnitLevel.Area,
        "department" => UnitLevel.Department,
        "unit" => UnitLevel.Unit,
        _ => UnitLevel.Unspecified,
    };

    internal void Validate(string path, Dictionary<string, UnitSpec> seen, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(Code)) p.Add($"{path}.code: missing.");
        else if (!CodePattern.IsMatch(Code)) p.Add($"{path}.code: '{Code}' is not a unit code (1-40 letters, digits, '-', '_' or '.').");
        else if (!seen.TryAdd(Code, this)) p.Add($"{path}.code: '{Code}' is defined twice.");
        if (string.IsNullOrWhiteSpace(Name)) p.Add($"{path}.name: missing.");
        else if (Name.Length > 200) p.Add($"{path}.name: at most 200 characters.");
        if (ProtoLevel == UnitLevel.Unspecified) p.Add($"{path}.level: '{Level}' is not one of region, body, division, area, department, unit.");
        if (ProtoLevel == UnitLevel.Region)
        {
            if (!string.IsNullOrEmpty(Parent)) p.Add($"{path}.parent: the region is the root and has no parent.");
            return;
        }
        if (string.IsNullOrWhiteSpace(Parent)) p.Add($"{path}.parent: every unit but the region needs a parent.");
        // Units are created in file order, so a parent must come first.
        else if (!seen.TryGetValue(Parent, out var parent) || ReferenceEquals(parent, this)) p.Add($"{path}.parent: '{Parent}' is not defined above this unit.");
        else if (ProtoLevel != UnitLevel.Unspecified && parent.ProtoLevel != UnitLevel.Unspecified && ProtoLevel <= parent.ProtoLevel)
            p.Add($"{path}.level: a {Level} cannot sit under {parent.Code}, which is a {parent.Level}.");
    }
}

/// A published frame table ("Budgetramar per område"): rows and stated totals as printed, the
/// financing and the stated total net budget. Columns are in the table's order: external revenue,
/// internal revenue, personnel costs, pharmaceuticals, other external costs, depreciation, internal costs.
public sealed record FrameTableSpec
{
    public string? Body { get; init; }
    public int Year { get; init; }
    public string? Source { get; init; }
    public List<FrameRowSpec>? Rows { get; init; }
    public List<FrameRowSpec>? Totals { get; init; }
    public FinancingSpec? Financing { get; init; }
    public decimal? TotalNetBudget { get; init; }

    internal void Validate(string path, Dictionary<string, UnitSpec> units, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(Body)) p.Add($"{path}.body: missing.");
        else if (!units.TryGetValue(Body, out var body)) p.Add($"{path}.body: '{Body}' is not in units.");
        else if (body.ProtoLevel is not (UnitLevel.Body or UnitLevel.Region)) p.Add($"{path}.body: '{Body}' is a {body.Level}, not a body.");
        if (Year is < 2000 or > 2100) p.Add($"{path}.year: a year between 2000 and 2100.");
        if (string.IsNullOrWhiteSpace(Source)) p.Add($"{path}.source: say where the table is printed.");
        if (Rows is null || Rows.Count == 0) p.Add($"{path}.rows: the table has no rows.");
        var rowUnits = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (Rows?.Count ?? 0); i++)
        {
            var row = Rows![i];
            var rowPath = $"{path}.rows[{i}]";
            row.Validate(rowPath, p);
            if (string.IsNullOrWhiteSpace(row.Unit)) p.Add($"{rowPath}.unit: missing.");
            else if (!units.ContainsKey(row.Unit)) p.Add($"{rowPath}.unit: '{row.Unit}' is not in units.");
            else if (!rowUnits.Add(row.Unit)) p.Add($"{rowPath}.unit: '{row.Unit}' has two rows.");
        }
        for (var i = 0; i < (Totals?.Count ?? 0); i++)
        {
            Totals![i].Validate($"{path}.totals[{i}]", p);
            if (Totals[i].Unit is not null) p.Add($"{path}.totals[{i}].unit: a total is a sum line, not a unit's row.");
        }
        Financing?.Validate($"{path}.financing", p);
        BudgetFile.CheckMsek(TotalNetBudget, $"{path}.total_net_budget", p, required: false);
    }

    public bool HasRowFor(string unit) => Rows?.Any(r => string.Equals(r.Unit, unit, StringComparison.OrdinalIgnoreCase)) == true;

    public ImportFrameTableRequest ToRequest()
    {
        var request = new ImportFrameTableRequest { BodyCode = Body!, Year = Year, Source = Source!.Trim() };
        request.Rows.AddRange(Rows!.Select(r => new FrameTableRow { UnitCode = r.Unit!, Label = r.Label!, Category = r.ProtoCategory, Amounts = r.ToAmounts() }));
        request.Totals.AddRange((Totals ?? []).Select(t => new FrameTableTotal { Label = t.Label!, Category = t.ProtoCategory, Amounts = t.ToAmounts() }));
        if (Financing is { } f)
        {
            request.HasFinancing = true;
            request.Financing = new FinancingAmounts
            {
                TaxRevenue = Amounts.SekFromMsek(f.TaxRevenue!.Value),
                GeneralStateGrants = Amounts.SekFromMsek(f.GeneralStateGrants!.Value),
                PharmaceuticalGrant = Amounts.SekFromMsek(f.PharmaceuticalGrant!.Value),
                FinancialIncome = Amounts.SekFromMsek(f.FinancialIncome!.Value),
                FinancialCosts = Amounts.SekFromMsek(f.FinancialCosts!.Value),
                Total = Amounts.SekFromMsek(f.Total!.Value),
            };
        }
        if (TotalNetBudget is { } total)
        {
            request.HasStatedTotalNetBudget = true;
            request.StatedTotalNetBudget = Amounts.SekFromMsek(total);
        }
        return request;
    }
}

/// A row (unit) or a stated total of a frame table: the seven columns and the net, as printed.
public sealed record FrameRowSpec
{
    public string? Unit { get; init; }
    public string? Label { get; init; }
    /// officials (tjänstemannabudget) or elected-members (förtroendemannabudget).
    public string? Category { get; init; }
    public List<decimal>? Columns { get; init; }
    public decimal? Net { get; init; }

    public FrameCategory ProtoCategory => Category switch
    {
        "officials" => FrameCategory.Officials,
        "elected-members" => FrameCategory.ElectedMembers,
        _ => FrameCategory.Unspecified,
    };

    internal void Validate(string path, List<string> p)
    {
        if (string.IsNullOrWhiteSpace(Label)) p.Add($"{path}.label: give the label printed in the table.");
        if (ProtoCategory == FrameCategory.Unspecified) p.Add($"{path}.category: '{Category}' is not officials or elected-members.");
        if (Columns is null || Columns.Count != FrameColumnInfo.All.Count)
            p.Add($"{path}.columns: exactly {FrameColumnInfo.All.Count} amounts ({string.Join(", ", FrameColumnInfo.All.Select(c => c.YamlName))}), got {Columns?.Count ?? 0}.");
        else
            for (var i = 0; i < Columns.Count; i++) BudgetFile.CheckMsek(Columns[i], $"{path}.columns[{i}]", p);
        BudgetFile.CheckMsek(Net, $"{path}.net", p);
    }

    public FrameAmounts ToAmounts()
    {
        var amounts = new FrameAmounts { Net = Amounts.SekFromMsek(Net!.Value) };
        for (var i = 0; i < FrameColumnInfo.All.Count; i++) FrameColumnInfo.All[i].Set(amounts, Amounts.SekFromMsek(Columns![i]));
        return amounts;
    }
}

/// Finansförvaltning: the body's financing as printed, with its stated total.
public sealed record FinancingSpec
{
    public decimal? TaxRevenue { get; init; }
    public decimal? GeneralStateGrants { get; init; }
    public decimal? PharmaceuticalGrant { get; init; }
    public decimal? FinancialIncome { get; init; }
    public decimal? FinancialCosts { get; init; }
    public decimal? Total { get; init; }

    internal void Validate(string path, List<string> p)
    {
        BudgetFile.CheckMsek(TaxRevenue, $"{path}.tax_revenue", p);
        BudgetFile.CheckMsek(GeneralStateGrants, $"{path}.general_state_grants", p);
        BudgetFile.CheckMsek(PharmaceuticalGrant, $"{path}.pharmaceutical_grant", p);
        BudgetFile.CheckMsek(FinancialIncome, $"{path}.financial_income", p);
        BudgetFile.CheckMsek(FinancialCosts, $"{path}.financial_costs", p);
        BudgetFile.CheckMsek(Total, $"{path}.total", p);
    }
}
