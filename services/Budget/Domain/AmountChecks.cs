using Region.Contracts.Budget;
using Region.Contracts.Events;
using Region.ServiceDefaults.Errors;

namespace Region.Budget.Domain;

/// The range rule (AmountRange) applied to what a caller sends, each violation naming its proto field.
public static class AmountChecks
{
    /// Every column of a frame's amounts within ±max (the net is derived, not read).
    public static void Columns(FrameAmounts amounts, string field, Violations v, long max = AmountRange.MaxColumn)
    {
        foreach (var (column, amount) in amounts.Columns())
            v.Check(AmountRange.Holds(amount, max), $"{field}.{FieldName(column)}", Outside(max));
    }

    /// The five financing components within ±AmountRange.MaxColumn (the total is derived, not read).
    public static void Financing(FinancingData amounts, string field, Violations v)
    {
        Column(amounts.TaxRevenue, $"{field}.tax_revenue", v);
        Column(amounts.GeneralStateGrants, $"{field}.general_state_grants", v);
        Column(amounts.PharmaceuticalGrant, $"{field}.pharmaceutical_grant", v);
        Column(amounts.FinancialIncome, $"{field}.financial_income", v);
        Column(amounts.FinancialCosts, $"{field}.financial_costs", v);
    }

    public static bool Column(long amount, string field, Violations v) =>
        v.Check(AmountRange.Holds(amount), field, Outside(AmountRange.MaxColumn));

    /// A net or a stated total within ±AmountRange.MaxNet.
    public static bool Net(long amount, string field, Violations v) =>
        v.Check(AmountRange.Holds(amount, AmountRange.MaxNet), field, Outside(AmountRange.MaxNet));

    /// The proto field name of a column of region.budget.v1.FrameAmounts.
    public static string FieldName(BudgetColumn column) => column switch
    {
        BudgetColumn.ExternalRevenue => "external_revenue",
        BudgetColumn.InternalRevenue => "internal_revenue",
        BudgetColumn.PersonnelCosts => "personnel_costs",
        BudgetColumn.Pharmaceuticals => "pharmaceuticals",
        BudgetColumn.OtherExternalCosts => "other_external_costs",
        BudgetColumn.Depreciation => "depreciation",
        BudgetColumn.InternalCosts => "internal_costs",
        _ => "net",
    };

    public static string Outside(long max) => $"An amount from -{AmountRange.Show(max)} to {AmountRange.Show(max)} SEK.";
}
