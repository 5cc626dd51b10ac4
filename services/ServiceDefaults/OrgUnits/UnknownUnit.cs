using Region.Contracts.Text;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.Requests;

namespace Region.ServiceDefaults.OrgUnits;

/// One wording, in every service, for a unit the region does not have; a region with no units at all
/// (a new tenant, or a token for the wrong one) is told that instead, since "RS does not exist" would
/// send its user looking for a typo.
public static class UnknownUnit
{
    public static NotFoundException Error(string code, IReadOnlyCollection<string> knownCodes) => new(Message(code, knownCodes));

    /// The same words for a field violation (a unit named inside a larger request).
    public static string Message(string code, IReadOnlyCollection<string> knownCodes) => knownCodes.Count > 0
        ? $"{Message(code)}{Suggestions.DidYouMean(code, knownCodes)}"
        : $"This region has no org units yet, so no unit {Input.Quote(code)}: import the region's budget (its units) first.";

    /// Where only "is it there" is known, not the region's other codes.
    public static string Message(string code) => $"Unit {Input.Quote(code)} does not exist in this region.";
}
