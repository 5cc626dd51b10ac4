using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Tenancy;

namespace Region.Investments.Domain;

/// Investeringsbudget: a body's investment plan for a year and the decision that adopted it.
public sealed class InvestmentPlan : ITenantOwned
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int MaxReferenceLength = 300;

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Tenant { get; set; } = "";
    public required string BodyCode { get; init; }
    public int Year { get; init; }
    /// Body, date and paragraph, e.g. "Regionstyrelsen 10 november, § 204".
    public string? DecisionReference { get; set; }
    /// The total the source document states (SEK), kept to show the finding when it disagrees.
    public long? StatedTotal { get; set; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Version { get; set; } = 1;

    public static bool IsValidYear(int year) => year is >= FirstYear and <= LastYear;

    /// Body (a unit the replica knows), year and an optional decision reference.
    public static void Validate(string bodyCode, int year, string decisionReference, Func<string, bool> unitKnown, Violations v)
    {
        if (v.Check(!string.IsNullOrWhiteSpace(bodyCode), "body_code", "A body code is required."))
            v.Check(unitKnown(bodyCode), "body_code", $"Unit '{bodyCode}' is not known (the budget service has not announced it).");
        v.Check(IsValidYear(year), "year", $"A year between {FirstYear} and {LastYear}.");
        ValidateReference(decisionReference, "decision_reference", v);
    }

    public static void ValidateReference(string reference, string field, Violations v) =>
        v.Check(reference.Trim().Length <= MaxReferenceLength, field, $"At most {MaxReferenceLength} characters.");
}

/// Document amounts are kSEK (Tkr); the model keeps whole SEK. Conversion happens only here.
public static class Ksek
{
    public const long MaxKsek = long.MaxValue / 1000;

    public static bool IsConvertible(long ksek) => ksek is >= -MaxKsek and <= MaxKsek;

    public static long ToSek(long ksek) => checked(ksek * 1000);
}
