using Region.ServiceDefaults.Auth;
using Region.ServiceDefaults.Errors;
using Region.ServiceDefaults.OrgUnits;
using Region.ServiceDefaults.Tenancy;
using Xunit;

namespace Region.ServiceDefaults.Tests.Auth;

/// A planner or finance officer scoped to a unit changes that unit and what lies below it, nothing
/// beside or above it; admins and callers without a scope are not limited.
public sealed class UnitScopeTests
{
    // RS → RS-TJM → (RD, RST → RST-HR); RS-FTM beside RS-TJM.
    private static readonly OrgUnitReplicaTree Units = new(
    [
        Unit("RS", null), Unit("RS-TJM", "RS"), Unit("RS-FTM", "RS"), Unit("RD", "RS-TJM"), Unit("RST", "RS-TJM"), Unit("RST-HR", "RST"),
    ]);

    private static OrgUnitReplica Unit(string code, string? parent) => new() { Code = code, Name = code, Level = "Area", ParentCode = parent };

    private static CallerContext Caller(string? scope, params string[] roles) => new() { Tenant = "rjh", UnitScope = scope, Roles = roles.ToHashSet() };

    [Theory]
    [InlineData("RST")]
    [InlineData("RST-HR")]
    [InlineData("rst-hr")]
    public void The_scoped_unit_and_the_units_below_it_are_within(string unit) =>
        UnitScope.RequireWithin(Caller("RST", "planner"), unit, Units);

    [Theory]
    [InlineData("RD")]
    [InlineData("RS-TJM")]
    [InlineData("RS")]
    [InlineData("RS-FTM")]
    [InlineData("NOWHERE")]
    public void A_sibling_a_parent_or_an_unknown_unit_is_refused(string unit)
    {
        var e = Assert.Throws<PermissionDeniedException>(() => UnitScope.RequireWithin(Caller("RST", "planner"), unit, Units));
        Assert.Contains("limited to unit 'RST'", e.Message);
    }

    [Fact]
    public void Without_a_scope_or_as_admin_every_unit_is_allowed()
    {
        UnitScope.RequireWithin(Caller(null, "planner"), "RS-FTM", Units);
        UnitScope.RequireWithin(Caller("RST", "admin"), "RS-FTM", Units);
    }

    [Fact]
    public void The_question_is_asked_of_the_given_tree_with_the_unit_and_the_scope()
    {
        var asked = new List<(string, string)>();
        Assert.Throws<PermissionDeniedException>(() => UnitScope.RequireWithin(Caller("RST", "finance"), "RD", (unit, scope) => { asked.Add((unit, scope)); return false; }));
        Assert.Equal([("RD", "RST")], asked);
    }
}
