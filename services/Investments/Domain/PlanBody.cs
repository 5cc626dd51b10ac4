using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;

namespace Region.Investments.Domain;

/// Where a plan's objects may be: its body or a unit below it. A unit the region does not have is
/// told in the shared words (with a "did you mean"); one the region has, but outside the body,
/// is told that, since a suggestion of spelling would not help.
public sealed class PlanBody(string bodyCode, IReadOnlyCollection<string> unitsInBody, IReadOnlyCollection<string> unitsInRegion)
{
    private readonly HashSet<string> _inBody = unitsInBody.Select(Input.Code).ToHashSet(StringComparer.Ordinal);
    private readonly HashSet<string> _inRegion = unitsInRegion.Select(Input.Code).ToHashSet(StringComparer.Ordinal);

    /// Null when the unit may hold the plan's objects; otherwise why not.
    public string? UnitProblem(string unitCode)
    {
        var code = Input.Code(unitCode);
        if (_inBody.Contains(code)) return null;
        if (!_inRegion.Contains(code)) return UnknownUnit.Message(unitCode, unitsInRegion);
        return $"Unit {Input.Quote(unitCode)} is not part of {Input.Code(bodyCode)}, the plan's body: an object belongs to the body or a unit below it.";
    }
}
