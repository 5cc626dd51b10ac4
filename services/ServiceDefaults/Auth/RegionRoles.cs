using System.Collections.Frozen;
using Region.Common.V1;

namespace Region.ServiceDefaults.Auth;

/// The roles a token names, and which of them each access level of an RPC lets in. Admin may call
/// every RPC; `snapshot` is a role for systems (reporting's rebuild) that allows nothing else.
public static class RegionRoles
{
    public const string Reader = "reader";
    public const string Planner = "planner";
    public const string Finance = "finance";
    public const string Controller = "controller";
    public const string Admin = "admin";
    public const string Snapshot = "snapshot";

    public static readonly IReadOnlyList<string> All = [Reader, Planner, Finance, Controller, Admin, Snapshot];

    private static readonly FrozenDictionary<Access, string[]> Allowed = new Dictionary<Access, string[]>
    {
        [Access.Read] = [Reader, Planner, Finance, Controller, Admin],
        [Access.Plan] = [Planner, Admin],
        [Access.Finance] = [Finance, Admin],
        [Access.Control] = [Controller, Admin],
        [Access.Admin] = [Admin],
        [Access.Snapshot] = [Snapshot, Admin],
    }.ToFrozenDictionary();

    /// The roles that may call an RPC with this access level; none for ACCESS_UNSPECIFIED.
    public static IReadOnlyList<string> For(Access access) => Allowed.GetValueOrDefault(access, []);

    public static bool Allows(Access access, IEnumerable<string> roles) => roles.Any(For(access).Contains);
}
