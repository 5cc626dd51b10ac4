using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

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

/// What an object is, as a caller states it; validated as a whole. A null enum is one the caller
/// left unspecified or sent with an unknown number.
public sealed record ObjectFields(
    string UnitCode, string Name, InvestmentKind? Kind, InvestmentCategory? Category, long Amount, Financing? Financing, bool UrgentPool)
{
    public const int MaxNameLength = 500;

    /// Every violation, fields prefixed (e.g. "object." or "rows[3]."). The amount is SEK, or kSEK
    /// as the table showed it when amountKsek is given.
    public void Validate(string prefix, PlanBody body, Violations v, string amountField = "amount", long? amountKsek = null)
    {
        if (Input.CheckCode(UnitCode, $"{prefix}unit_code", v) && body.UnitProblem(UnitCode) is { } problem)
            v.Add($"{prefix}unit_code", problem);
        Input.CheckText(Name, $"{prefix}name", MaxNameLength, v, required: true);
        v.Check(Kind is not null, $"{prefix}kind", "Not a known kind: new, reinvestment or unspecified.");
        v.Check(Category is not null, $"{prefix}category", "Say which category the investment is.");
        if (amountKsek is { } ksek) InvestmentFigures.CheckKsek(ksek, $"{prefix}{amountField}", v);
        else InvestmentFigures.CheckAmount(Amount, $"{prefix}{amountField}", v);
        v.Check(Financing is not null, $"{prefix}financing", "Say whether it is self- or loan-financed.");
    }

    /// The fields as stored: the unit code in its one form, the name trimmed.
    public ObjectFields Normalized() => this with { UnitCode = Input.Code(UnitCode), Name = Name.Trim() };

    /// A hash of what an AddObject call asked for, kept with its request id: a retry must ask for
    /// the same object, or it is another request that reused the id.
    public string Fingerprint(string bodyCode, int year)
    {
        var f = Normalized();
        var text = string.Join('\u001f', Input.Code(bodyCode), year.ToString(CultureInfo.InvariantCulture), f.UnitCode, f.Name,
            f.Kind, f.Category, f.Amount.ToString(CultureInfo.InvariantCulture), f.Financing, f.UrgentPool);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
