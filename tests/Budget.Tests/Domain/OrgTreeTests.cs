using Region.Budget.Domain;

namespace Region.Budget.Tests.Domain;

public sealed class OrgTreeTests
{
    private static OrgUnit U(string code, UnitLevel level, OrgUnit? parent = null) =>
        new() { Code = code, Name = code, Level = level, ParentId = parent?.Id };

    [Fact]
    public void Subtree_lists_parents_before_children_with_depth()
    {
        var region = U("RJH", UnitLevel.Region);
        var rs = U("RS", UnitLevel.Body, region);
        var staben = U("RST", UnitLevel.Area, rs);
        var it = U("IT", UnitLevel.Department, staben);
        var hr = U("HR", UnitLevel.Department, staben);
        var vv = U("VV", UnitLevel.Area, rs);
        var tree = new OrgTree([it, vv, region, hr, staben, rs]);

        var subtree = tree.Subtree(tree.Find("RS")!).Select(x => $"{x.Unit.Code}:{x.Depth}").ToList();
        Assert.Equal(["RS:0", "RST:1", "HR:2", "IT:2", "VV:1"], subtree);
        Assert.True(tree.IsInSubtree(it, rs));
        Assert.False(tree.IsInSubtree(vv, staben));
    }

    [Fact]
    public void Roll_up_sums_every_level()
    {
        var region = U("RJH", UnitLevel.Region);
        var rs = U("RS", UnitLevel.Body, region);
        var a = U("A", UnitLevel.Area, rs);
        var d = U("D", UnitLevel.Department, a);
        var tree = new OrgTree([region, rs, a, d]);
        var own = new Dictionary<string, long> { ["RJH"] = 0, ["RS"] = 1, ["A"] = 10, ["D"] = 100 };

        var totals = tree.RollUp(region, u => own[u.Code], (x, y) => x + y);
        Assert.Equal(111, totals[region.Id]);
        Assert.Equal(111, totals[rs.Id]);
        Assert.Equal(110, totals[a.Id]);
        Assert.Equal(100, totals[d.Id]);
    }

    [Fact]
    public void A_new_unit_reports_every_violation_at_once()
    {
        var violations = OrgUnit.Validate("", "", null, "");
        Assert.Equal(["code", "name", "level"], violations.Select(v => v.Field));
    }

    [Fact]
    public void A_unit_must_sit_below_its_parents_level()
    {
        var area = U("A", UnitLevel.Area);
        Assert.NotNull(OrgUnit.CheckPlacement(UnitLevel.Division, area));
        Assert.NotNull(OrgUnit.CheckPlacement(UnitLevel.Area, area));
        Assert.Null(OrgUnit.CheckPlacement(UnitLevel.Unit, area));
    }
}
