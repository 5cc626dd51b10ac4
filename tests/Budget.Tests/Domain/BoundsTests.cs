using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;

namespace Region.Budget.Tests.Domain;

/// The bounds of issue 15 in the domain: amount ranges, checked arithmetic, case numbers, a tree
/// that loads whatever the stored codes.
public sealed class BoundsTests
{
    private const long Max = AmountRange.MaxColumn;

    [Fact]
    public void Frame_arithmetic_overflows_loudly_instead_of_wrapping()
    {
        var huge = FrameAmounts.Of(BudgetColumn.ExternalRevenue, long.MaxValue) with { InternalRevenue = long.MaxValue };
        Assert.Throws<OverflowException>(() => huge.Net);
        Assert.Throws<OverflowException>(() => huge + huge);
        Assert.Throws<OverflowException>(() => -FrameAmounts.Of(BudgetColumn.Depreciation, long.MinValue));
        var withForecast = new Deviation(FrameAmounts.Of(BudgetColumn.PersonnelCosts, -1), FrameAmounts.Zero, FrameAmounts.Zero, long.MaxValue);
        Assert.Throws<OverflowException>(() => withForecast.ForecastDeviation);
    }

    [Fact]
    public void The_range_holds_both_signs_up_to_ten_thousand_billion()
    {
        Assert.True(AmountRange.Holds(Max) && AmountRange.Holds(-Max));
        Assert.False(AmountRange.Holds(Max + 1) || AmountRange.Holds(-Max - 1) || AmountRange.Holds(long.MinValue));
        Assert.Equal(BudgetColumn.Pharmaceuticals, AmountRange.FirstOutside(FrameAmounts.Of(BudgetColumn.Pharmaceuticals, -Max - 1)));
        Assert.Null(AmountRange.FirstOutside(new FrameAmounts(Max, Max, -Max, -Max, Max, Max, Max)));
        // The worst roll-up the service can hold: every unit at the edge in every column, twice (a deviation).
        Assert.True((decimal)OrgUnit.MaxPerTenant * 2 * AmountRange.MaxNet < long.MaxValue);
    }

    [Fact]
    public void A_change_is_refused_where_the_frame_or_its_ledger_would_pass_the_range()
    {
        var frame = new BudgetFrame { Year = 2023, Category = FrameCategory.Officials, Opening = FrameAmounts.Of(BudgetColumn.PersonnelCosts, -Max) };
        Assert.Null(frame.CheckChange(FrameAmounts.Of(BudgetColumn.PersonnelCosts, Max), "RD"));
        Assert.Equal("change.personnel_costs", frame.CheckChange(FrameAmounts.Of(BudgetColumn.PersonnelCosts, -1), "RD")?.Field);

        frame.Adjust(AdjustmentKind.Other, FrameAmounts.Of(BudgetColumn.PersonnelCosts, Max), "Upp", null, "a", DateTimeOffset.UnixEpoch);
        // In force: 0; a second +Max keeps it in range, but the ledger would add up to 2·Max.
        var violation = frame.CheckChange(FrameAmounts.Of(BudgetColumn.PersonnelCosts, Max), "RD", "to.change");
        Assert.Equal("to.change.personnel_costs", violation?.Field);
        Assert.Contains("2023 frame of RD", violation?.Description);
    }

    [Theory]
    [InlineData("RS/775/2020", true)]
    [InlineData("ÅÄÖ/1/2021", true)]
    [InlineData("RS/٧٧٥/2020", false)]
    [InlineData("RS/775/２０２０", false)]
    [InlineData("RS/775/2020\n", false)]
    [InlineData("rs/775/2020", false)]
    [InlineData("RS/1234567/2020", false)]
    public void A_case_number_is_letters_slash_ascii_digits_slash_a_year(string caseNumber, bool valid)
    {
        Assert.Equal(valid, CaseNumber.IsValid(caseNumber));
    }

    [Fact]
    public void A_tree_with_two_codes_differing_only_in_case_loads_and_keeps_one()
    {
        var region = new OrgUnit { Id = Guid.Parse("00000000-0000-0000-0000-000000000001"), Code = "RJH", Name = "Region", Level = UnitLevel.Region };
        var first = new OrgUnit { Id = Guid.Parse("00000000-0000-0000-0000-000000000002"), Code = "Qx", Name = "Första", Level = UnitLevel.Body, ParentId = region.Id };
        var second = new OrgUnit { Id = Guid.Parse("00000000-0000-0000-0000-000000000003"), Code = "qX", Name = "Andra", Level = UnitLevel.Body, ParentId = region.Id };
        var child = new OrgUnit { Code = "UNDER", Name = "Under andra", Level = UnitLevel.Area, ParentId = second.Id };

        var tree = new OrgTree([child, second, first, region]);

        Assert.Equal(["qX"], tree.Duplicates);
        Assert.Same(first, tree.Find("QX"));
        Assert.Same(second, tree.Find(second.Id));
        Assert.Equal(["RJH", "Qx", "UNDER"], tree.All().Select(x => x.Unit.Code));
        Assert.Equal(2, tree.RollUp(region, _ => 1, (a, b) => a + b)["RJH"]);
    }

    [Fact]
    public void A_unit_code_is_the_shared_code_rule_starting_with_a_letter_or_digit()
    {
        var v = new Violations();
        foreach (var (code, i) in new[] { "RS-TJM", " rs ", "Vårdval_2.0", "1A", "-A", "A B", "٢٠٢٢", "RS\0", new string('A', 41) }.Select((c, i) => (c, i)))
            OrgUnit.CheckCode(code, $"c{i}", v);
        Assert.Equal(["c4", "c5", "c6", "c7", "c8"], v.Items.Select(x => x.Field));
    }

    [Fact]
    public void A_year_of_outcomes_is_checked_with_what_is_stored()
    {
        var rd = new OrgUnit { Code = "RD", Name = "RD", Level = UnitLevel.Area };
        var tree = new OrgTree([rd]);
        var stored = Enumerable.Range(1, 11).Select(m => new MonthlyOutcome
        {
            UnitId = rd.Id, Year = 2022, Month = m, Column = BudgetColumn.PersonnelCosts, Amount = -Max / 11, RequestId = "old",
        }).ToList();
        var v = new Violations();
        var lines = OutcomeLines.Check(
        [
            new OutcomeLineInput("RD", 2022, 1, BudgetColumn.PersonnelCosts, -Max / 11),   // replaces January
            new OutcomeLineInput("RD", 2022, 12, BudgetColumn.InternalCosts, -Max),
            new OutcomeLineInput("RD", 2022, 12, BudgetColumn.PersonnelCosts, -Max / 11 - 10),
        ], tree, v);
        OutcomeLines.CheckYearTotals(lines, stored, v);

        Assert.Equal(["lines[0].amount"], v.Items.Select(x => x.Field));
        var within = new Violations();
        OutcomeLines.CheckYearTotals(lines.Take(2).ToList(), stored, within);
        Assert.False(within.Any);
    }

    [Fact]
    public void The_payload_hash_tells_a_retry_from_other_lines_under_the_same_id()
    {
        OutcomeLineInput Line(string unit, long amount) => new(unit, 2022, 8, BudgetColumn.PersonnelCosts, amount);
        var hash = OutcomeLines.PayloadHash([Line("RD", -1), Line("VV", -2)]);

        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, OutcomeLines.PayloadHash([Line(" rd", -1), Line("vv", -2)]));
        Assert.NotEqual(hash, OutcomeLines.PayloadHash([Line("RD", -1), Line("VV", -3)]));
        Assert.NotEqual(hash, OutcomeLines.PayloadHash([Line("VV", -2), Line("RD", -1)]));
    }
}
