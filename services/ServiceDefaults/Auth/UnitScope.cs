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
        if (!IsLimited(caller)) return;
        if (!isWithin(unitCode, caller.UnitScope!))
            throw new PermissionDeniedException($"Your access is limited to unit {Input.Quote(caller.UnitScope)} and the units below it; {Input.Quote(unitCode)} is not among them.");
    }

    /// Whether the caller's changes are limited to a unit's subtree (a scope, and not an admin).
    public static bool IsLimited(CallerContext caller) => caller.UnitScope is not null && !caller.Roles.Contains(RegionRoles.Admin);

    /// The same, answered by a service's org-unit replica.
    public static void RequireWithin(CallerContext caller, string unitCode, OrgUnitReplicaTree units) =>
        RequireWithin(caller, unitCode, units.IsWithin);

    /// The same for every unit a request changes, answered by the service's org-unit replica; the
    /// replica is read only when the caller is limited, so other calls cost no query.
    public static async Task RequireWithinAsync(CallerContext caller, IOrgUnitReplicaDb db, IEnumerable<string> unitCodes, CancellationToken ct)
    {
        if (!IsLimited(caller)) return;
        var units = await OrgUnitReplicaTree.LoadAsync(db, ct);
        foreach (var code in unitCodes) RequireWithin(caller, code, units);
    }
}
