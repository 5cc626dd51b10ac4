using Region.Budget.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Budget.Tests.Domain;

public sealed class FrameTableRowsTests
{
    private static readonly OrgUnit Region = new() { Code = "RJH", Name = "RJH", Level = UnitLevel.Region };
    private static readonly OrgUnit Rs = new() { Code = "RS", Name = "RS", Level = UnitLevel.Body, ParentId = Region.Id };
    private static readonly OrgUnit Hsn = new() { Code = "HSN", Name = "HSN", Level = UnitLevel.Body, ParentId = Region.Id };
    private static readonly OrgUnit Rd = new() { Code = "RD", Name = "RD", Level = UnitLevel.Area, ParentId = Rs.Id };
    private static readonly OrgUnit Old = new() { Code = "OLD", Name = "OLD", Level = UnitLevel.Area, ParentId = Rs.Id, ClosedFromYear = 2020 };
    private static readonly OrgTree Tree = new([Region, Rs, Hsn, Rd, Old]);

    private static FrameTableRowInput Row(string unit, string label = "Rad", FrameCategory? category = FrameCategory.Officials, bool amounts = true) =>
        new(unit, label, category, amounts);

    [Fact]
    public void A_table_reports_every_bad_row_and_total_at_once()
    {
        var v = new Violations();
        var units = FrameTableRows.Check(
            [Row("RD", label: " "), Row("rd"), Row("NOPE", category: null), Row("HSN"), Row("OLD", amounts: false), Row("")],
            [new FrameTableTotalInput("", null, false)],
            Tree, Rs, 2022, v);

        Assert.Equal(
        [
            "rows[0].label", "rows[1].unit_code", "rows[2].category", "rows[2].unit_code", "rows[3].unit_code",
            "rows[4].amounts", "rows[4].unit_code", "rows[5].unit_code", "totals[0].label", "totals[0].category", "totals[0].amounts",
        ], v.Items.Select(x => x.Field));
        Assert.Equal([Rd, null, null, Hsn, Old, null], units);
    }

    [Fact]
    public void A_row_whose_frame_is_already_open_is_refused_at_its_index()
    {
        var v = new Violations();
        FrameTableRows.CheckNoneOpen([null, Rd, Old], new HashSet<Guid> { Rd.Id }, 2022, v);
        var violation = Assert.Single(v.Items);
        Assert.Equal(("rows[1].unit_code", "The 2022 frame of RD is already open."), (violation.Field, violation.Description));
    }
}
