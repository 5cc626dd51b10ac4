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
        Assert.Equal(111, totals["RJH"]);
        Assert.Equal(111, totals["rs"]);
        Assert.Equal(110, totals["A"]);
        Assert.Equal(100, totals["D"]);
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

    [Fact]
    public void CloseUnit_is_refused_while_units_below_are_open_while_frames_remain_and_once_closed()
    {
        var rs = U("RS", UnitLevel.Body);
        var area = U("A", UnitLevel.Area, rs);
        var dept = U("D", UnitLevel.Department, area);
        var tree = new OrgTree([rs, area, dept]);

        Assert.Contains("Close the units under A first: D", tree.WhyNotClose(area, 2024, []));
        dept.Close(2024);
        Assert.Null(tree.WhyNotClose(area, 2024, [2022, 2023]));
        Assert.Contains("has frames from 2024 on", tree.WhyNotClose(area, 2024, [2023, 2025]));
        // A unit closed later than the year asked for is still open then, and blocks its parent.
        Assert.NotNull(tree.WhyNotClose(area, 2023, []));

        area.Close(2024);
        Assert.Equal((2024, 2), (area.ClosedFromYear, area.Version));
        Assert.Contains("already closed from 2024", tree.WhyNotClose(area, 2025, []));
    }
}
