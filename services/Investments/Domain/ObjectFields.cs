using Region.ServiceDefaults.Errors;

namespace Region.Investments.Domain;

/// Ny- eller reinvestering; blank in some documents, hence Unspecified.
public enum InvestmentKind
{
    Unspecified = 0,
    New = 1,
    Reinvestment = 2,
}

public enum InvestmentCategory
{
    Vehicles = 1,
    It = 2,
    Property = 3,
    MedicalEquipment = 4,
    OtherEquipment = 5,
}

/// Investments are self-financed except property and large technical ones, which may be loan-financed.
public enum Financing
{
    Self = 1,
    Loan = 2,
}

/// What an object is, as a caller states it; validated as a whole.
public sealed record ObjectFields(
    string UnitCode, string Name, InvestmentKind Kind, InvestmentCategory? Category, long Amount, Financing? Financing, bool UrgentPool)
{
    public const int MaxNameLength = 500;

    /// Every violation, fields prefixed (e.g. "object." or "rows[3].").
    public void Validate(string prefix, Func<string, bool> unitKnown, Violations v, string amountField = "amount")
    {
        if (v.Check(!string.IsNullOrWhiteSpace(UnitCode), $"{prefix}unit_code", "A unit code is required."))
            v.Check(unitKnown(UnitCode), $"{prefix}unit_code", $"Unit '{UnitCode}' is not known (the budget service has not announced it).");
        if (v.Check(!string.IsNullOrWhiteSpace(Name), $"{prefix}name", "A name is required."))
            v.Check(Name.Trim().Length <= MaxNameLength, $"{prefix}name", $"At most {MaxNameLength} characters.");
        v.Check(Category is not null, $"{prefix}category", "Say which category the investment is.");
        v.Check(Amount > 0, $"{prefix}{amountField}", "The amount must be positive.");
        v.Check(Financing is not null, $"{prefix}financing", "Say whether it is self- or loan-financed.");
    }
}
