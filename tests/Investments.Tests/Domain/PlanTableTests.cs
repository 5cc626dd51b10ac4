using Region.Investments.Domain;
using Region.ServiceDefaults.Errors;

namespace Region.Investments.Tests.Domain;

public sealed class PlanTableTests
{
    private static readonly PlanBody Known = new("RS", ["IT", "FASTIGHET", "REGIONSERVICE"], ["RS", "IT", "FASTIGHET", "REGIONSERVICE"]);

    private static PlanTableRow Row(string unit, string name, long ksek, InvestmentCategory? category = InvestmentCategory.Property,
        Financing? financing = Financing.Self, bool pool = false) =>
        new(unit, name, InvestmentKind.Unspecified, category, ksek, financing, pool);

    [Fact]
    public void Seed_003s_rows_in_kSEK_become_whole_SEK_and_confirm_the_stated_49_383()
    {
        var rows = Seed2022.Rows.Select(r => Row(r.UnitCode, r.Name, r.AmountKsek)).ToList();
        var v = new Violations();
        var fields = PlanTable.Check(rows, Seed2022.StatedTotalKsek, Known, v);

        Assert.False(v.Any);
        Assert.Equal(27, fields.Count);
        Assert.Equal(49_383_000L, fields.Sum(f => f.Amount));
        Assert.Equal(5_573_000L, fields.Single(f => f.Name == "Patientkallelsesystem").Amount);
        Assert.Null(PlanTable.CheckTotal(Ksek.ToSek(Seed2022.StatedTotalKsek), fields));
    }

    [Fact]
    public void A_stated_total_that_disagrees_is_a_finding_with_both_figures()
    {
        var fields = PlanTable.Check([Row("IT", "A", 680), Row("IT", "B", 300)], 1_000, Known, new Violations());
        var finding = PlanTable.CheckTotal(Ksek.ToSek(1_000), fields);
        Assert.Equal(("Summa", 1_000_000L, 980_000L), (finding!.Location, finding.Stated, finding.Computed));
    }

    [Fact]
    public void Every_bad_row_is_reported_at_once_and_nothing_is_returned()
    {
        var v = new Violations();
        var fields = PlanTable.Check(
        [
            Row("IT", "Server", 100),
            Row("OKÄND", "", 0, category: null, financing: null),
            Row("IT", "Server", 50),
            Row("FASTIGHET", "Pott", Ksek.MaxKsek + 1, pool: true),
            Row("FASTIGHET", "Pott 2", 10, pool: true),
        ], null, Known, v);

        Assert.Empty(fields);
        Assert.Equal(
            ["rows[1].unit_code", "rows[1].name", "rows[1].category", "rows[1].amount_ksek", "rows[1].financing",
             "rows[2].name", "rows[3].amount_ksek", "rows"],
            v.Items.Select(x => x.Field));
    }

    [Fact]
    public void kSEK_converts_to_SEK_only_within_range()
    {
        Assert.Equal(49_383_000L, Ksek.ToSek(49_383));
        Assert.False(Ksek.IsConvertible(long.MaxValue));
        Assert.Throws<OverflowException>(() => Ksek.ToSek(long.MaxValue));
    }
}
