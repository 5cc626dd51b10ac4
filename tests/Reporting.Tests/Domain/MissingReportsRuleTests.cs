using Region.Contracts.Periods;
using Region.Reporting.Domain;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Tests.Domain;

/// The rules of MissingReports that need no host: which months are due and which activities count.
public sealed class MissingReportsRuleTests
{
    static readonly Guid Goal = Guid.NewGuid();

    static MissingReportsInput Rows(IReadOnlyList<ActivityRow>? activities = null, IReadOnlyList<BudgetOutcomeRow>? outcomes = null) => new(
        [new GoalRow { GoalId = Goal, BodyCode = "RS", Year = 2022, Name = "Mål", ResponsibleUnitCode = "HR" }],
        [new GoalPeriodRow { GoalId = Goal, Year = 2022, PeriodKind = PeriodKind.Tertial, PeriodNumber = 3, Status = "Green" }],
        activities ?? [],
        [new FrameRow { UnitCode = "HR", Year = 2022 }],
        [new ForecastRow { UnitCode = "HR", Year = 2022 }],
        outcomes ?? []);

    [Fact]
    public void Budget_outcomes_are_due_for_the_periods_months_that_have_closed_and_no_others()
    {
        var outcomes = new[] { 1, 2, 3, 5 }.Select(m => new BudgetOutcomeRow { UnitCode = "HR", Year = 2022, Month = m, Column = "PersonnelCosts" }).ToList();

        var items = MissingReports.Find(Period.Tertial(2022, 3), Rows(outcomes: outcomes), today: new DateOnly(2022, 9, 15));

        // Tertial 3 runs through December, but on 15 September only January–August have closed.
        Assert.Equal(["2022-04", "2022-06", "2022-07", "2022-08"], items.Where(i => i.Kind == MissingKind.BudgetOutcome).Select(i => i.Subject));
        Assert.Equal(0, MissingReports.ClosedMonths(2023, new DateOnly(2022, 9, 15)));
        Assert.Equal(12, MissingReports.ClosedMonths(2021, new DateOnly(2022, 1, 1)));
    }

    [Fact]
    public void An_activity_is_missing_its_status_when_it_is_still_planned_after_it_started_in_the_period()
    {
        ActivityRow Activity(string name, string status, DateOnly? start, bool removed = false) =>
            new() { ActivityId = Guid.NewGuid(), GoalId = Goal, Name = name, Status = status, StartDate = start, Removed = removed };
        var activities = new[]
        {
            Activity("Startad, ej rapporterad", "Planned", new(2022, 3, 1)),
            Activity("Utan startdatum", "Planned", null),
            Activity("Börjar i höst", "Planned", new(2022, 9, 1)),
            Activity("Pågår", "Ongoing", new(2022, 1, 1)),
            Activity("Borttagen", "Planned", new(2022, 1, 1), removed: true),
        };

        var items = MissingReports.Find(Period.Tertial(2022, 2), Rows(activities), today: new DateOnly(2022, 1, 1));

        Assert.Equal(["HR:Startad, ej rapporterad", "HR:Utan startdatum"],
            items.Where(i => i.Kind == MissingKind.ActivityStatus).Select(i => $"{i.UnitCode}:{i.Subject}"));
        // The goal has a status for tertial 3 only, so tertial 2 lacks its outcome.
        Assert.Contains(items, i => i.Kind == MissingKind.GoalOutcome && i.UnitCode == "HR");
    }
}
