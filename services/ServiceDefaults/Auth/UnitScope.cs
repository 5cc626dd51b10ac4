using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Requests;
using Region.ServiceDefaults.Tenancy;

namespace Region.ServiceDefaults.Auth;

/// Enhetsbehörighet: a caller whose token names a unit scope (a planner or finance officer of one
/// area) may change only that unit and the units below it. Admins are not limited. Handlers call
/// this before a change that belongs to a unit.
public static class UnitScope
{
    /// Returns when the caller may change `unitCode`; throws PERMISSION_DENIED otherwise.
    /// `isWithin(unit, scope)` answers whether the unit is the scope's unit or lies below it
    /// (an unknown unit is not within anything).
    public static void RequireWithin(CallerContext caller, string unitCode, Func<string, string, bool> isWithin)
    {
        if (caller.UnitScope is not { } scope || caller.Roles.Contains(RegionRoles.Admin)) return;
        if (!isWithin(unitCode, scope))
            throw new PermissionDeniedException($"Your access is limited to unit {Input.Quote(scope)} and the units below it; {Input.Quote(unitCode)} is not among them.");
    }

    /// The same, answered by a service's org-unit replica.
    public static void RequireWithin(CallerContext caller, string unitCode, OrgUnitReplicaTree units) =>
        RequireWithin(caller, unitCode, units.IsWithin);
}
