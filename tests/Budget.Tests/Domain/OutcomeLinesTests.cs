using Region.Budget.Domain;
using Region.Contracts.Budget;
using Region.ServiceDefaults.Errors;

namespace Region.Budget.Tests.Domain;

public sealed class OutcomeLinesTests
{
    private static readonly OrgUnit Rs = new() { Code = "RS", Name = "RS", Level = UnitLevel.Body };
    private static readonly OrgUnit Rd = new() { Code = "RD", Name = "RD", Level = UnitLevel.Area, ParentId = Rs.Id };
    private static readonly OrgUnit Old = new() { Code = "OLD", Name = "OLD", Level = UnitLevel.Area, ParentId = Rs.Id, ClosedFromYear = 2022 };
    private static readonly OrgTree Tree = new([Rs, Rd, Old]);

    private static OutcomeLineInput Line(string unit, int month, BudgetColumn? column = BudgetColumn.PersonnelCosts, int year = 2022) =>
        new(unit, year, month, column, -1_000);

    [Fact]
    public void A_batch_reports_every_bad_line_at_once()
    {
        var v = new Violations();
        var lines = OutcomeLines.Check(
        [
            Line("", 1), Line("NOPE", 1), Line("RD", 13, null), Line("RD", 2, year: 1999),
            Line("OLD", 2), Line("RD", 3), Line("rd", 3),
        ], Tree, v);

        Assert.Equal(
            ["lines[0].unit_code", "lines[1].unit_code", "lines[2].month", "lines[2].column", "lines[3].year", "lines[4].unit_code", "lines[6]"],
            v.Items.Select(x => x.Field));
        Assert.Equal(["OLD", "RD", "RD"], lines.Select(l => l.Unit.Code));
    }

    [Fact]
    public void The_batch_needs_a_request_id_and_between_one_and_the_maximum_lines()
    {
        var v = new Violations();
        OutcomeLines.CheckBatch("", 0, v);
        OutcomeLines.CheckBatch(new string('x', OutcomeLines.MaxRequestIdLength + 1), OutcomeLines.MaxLines + 1, v);
        Assert.Equal(["request_id", "lines", "request_id", "lines"], v.Items.Select(x => x.Field));

        var ok = new Violations();
        OutcomeLines.CheckBatch("batch-1", OutcomeLines.MaxLines, ok);
        Assert.False(ok.Any);
    }

    [Fact]
    public void Recording_a_month_again_replaces_its_value_and_adds_only_new_months()
    {
        var at = new DateTimeOffset(2022, 9, 5, 8, 0, 0, TimeSpan.Zero);
        var stored = new MonthlyOutcome { UnitId = Rd.Id, Year = 2022, Month = 1, Column = BudgetColumn.PersonnelCosts, Amount = -5, RequestId = "a" };
        var v = new Violations();
        var lines = OutcomeLines.Check([Line("RD", 1), Line("RD", 2)], Tree, v);

        var added = OutcomeLines.Apply(lines, [stored], "b", at);

        Assert.Equal((-1_000, "b", at), (stored.Amount, stored.RequestId, stored.RecordedAt));
        var february = Assert.Single(added);
        Assert.Equal((Rd.Id, 2, -1_000L, "b"), (february.UnitId, february.Month, february.Amount, february.RequestId));
    }
}
