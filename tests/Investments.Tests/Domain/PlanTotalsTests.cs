using Region.Investments.Domain;

namespace Region.Investments.Tests.Domain;

public sealed class PlanTotalsTests
{
    private static readonly DateTimeOffset At = new(2022, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly InvestmentPlan Plan = new() { BodyCode = "RS", Year = 2022, CreatedBy = "x", CreatedAt = At };

    // RST → IT, FASTIGHET; RD has nothing.
    private static readonly Dictionary<string, string[]> Subtrees = new()
    {
        ["RST"] = ["RST", "IT", "FASTIGHET"], ["IT"] = ["IT"], ["FASTIGHET"] = ["FASTIGHET"], ["RD"] = ["RD"],
    };

    private static InvestmentObject Obj(string unit, InvestmentKind kind, InvestmentCategory category, long amount, Financing financing,
        InvestmentStatus status = InvestmentStatus.Decided) =>
        InvestmentObject.Create(Plan, new ObjectFields(unit, $"{unit} {amount}", kind, category, amount, financing, false),
            status, status == InvestmentStatus.Decided ? "§ 204" : null, "x", At);

    [Fact]
    public void Totals_roll_each_unit_up_over_its_subtree_and_leave_cancelled_objects_out()
    {
        var it = Obj("IT", InvestmentKind.New, InvestmentCategory.It, 3_630_000, Financing.Self);
        it.RecordSpending(1_000_000, new DateOnly(2022, 8, 31), "x", At);
        it.RecordForecast(3_000_000, new DateOnly(2022, 8, 31), "x", At);
        var roof = Obj("FASTIGHET", InvestmentKind.Unspecified, InvestmentCategory.Property, 1_500_000, Financing.Loan);
        var planned = Obj("FASTIGHET", InvestmentKind.Reinvestment, InvestmentCategory.Vehicles, 150_000, Financing.Self, InvestmentStatus.Planned);
        var cancelled = Obj("IT", InvestmentKind.New, InvestmentCategory.It, 9_999_000, Financing.Self);
        cancelled.ChangeStatus(InvestmentStatus.Cancelled, null, "x", At);

        var totals = PlanTotals.Of([it, roof, planned, cancelled], ["RST", "IT", "FASTIGHET"], code => Subtrees[code].ToHashSet());

        Assert.Equal(new Totals("total", 3, 5_280_000, 5_130_000, 1_000_000, 4_650_000, 3_780_000, 1_500_000), totals.Total);
        Assert.Equal([("RST", 5_280_000L), ("IT", 3_630_000L), ("FASTIGHET", 1_650_000L)], totals.ByUnit.Select(t => (t.Key, t.Amount)));
        Assert.Equal([("Unspecified", 1_500_000L), ("New", 3_630_000L), ("Reinvestment", 150_000L)], totals.ByKind.Select(t => (t.Key, t.Amount)));
        Assert.Equal([("Vehicles", 150_000L), ("It", 3_630_000L), ("Property", 1_500_000L)], totals.ByCategory.Select(t => (t.Key, t.Amount)));
    }

    [Fact]
    public void A_unit_whose_subtree_holds_no_object_is_left_out_of_the_units()
    {
        var it = Obj("IT", InvestmentKind.New, InvestmentCategory.It, 3_630_000, Financing.Self);

        var totals = PlanTotals.Of([it], ["RST", "IT", "FASTIGHET", "RD"], code => Subtrees[code].ToHashSet(StringComparer.OrdinalIgnoreCase));

        Assert.Equal(["RST", "IT"], totals.ByUnit.Select(t => t.Key));
    }
}
