using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.Goals.Domain;

/// How a request names a plan: the body's code (stored and compared as Input.Code gives it) and the year.
public sealed record PlanName(string BodyCode, int Year)
{
    /// The plan a request names, its body code in the canonical form; the violations are added to the request's.
    public static PlanName Check(string? bodyCode, int year, Violations v)
    {
        Input.CheckCode(bodyCode, "body_code", v);
        Input.CheckYear(year, "year", v);
        return new PlanName(Input.Code(bodyCode ?? ""), year);
    }

    public override string ToString() => $"{BodyCode} {Year}";
}
