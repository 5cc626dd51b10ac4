using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.Investments.Domain;

/// Investeringsbudget: a body's investment plan for a year and the decision that adopted it.
public sealed class InvestmentPlan : ITenantOwned
{
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

    /// The status of the objects that come with the plan: decided when the plan comes with its decision.
    public InvestmentStatus StatusOfItsObjects => DecisionReference is null ? InvestmentStatus.Planned : InvestmentStatus.Decided;

    /// A new plan of a body the caller validated (see Validate); a blank reference is none.
    public static InvestmentPlan Create(string bodyCode, int year, string? decisionReference, long? statedTotal, string user, DateTimeOffset at) => new()
    {
        BodyCode = Input.Code(bodyCode), Year = year, DecisionReference = Input.NullIfBlank(decisionReference), StatedTotal = statedTotal,
        CreatedBy = user, CreatedAt = at,
    };

    /// Body (a unit the replica knows), year and an optional decision reference.
    public static void Validate(string bodyCode, int year, string decisionReference, Func<string, bool> unitKnown, Violations v)
    {
        if (Input.CheckCode(bodyCode, "body_code", v))
            v.Check(unitKnown(Input.Code(bodyCode)), "body_code", UnknownUnit.Message(bodyCode));
        Input.CheckYear(year, "year", v);
        ValidateReference(decisionReference, "decision_reference", v);
    }

    /// Body, date and paragraph: one line of at most MaxReferenceLength characters, optional.
    public static void ValidateReference(string reference, string field, Violations v) =>
        Input.CheckText(reference?.Trim(), field, MaxReferenceLength, v);
}
