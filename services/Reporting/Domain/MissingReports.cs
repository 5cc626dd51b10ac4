using Region.Contracts.Periods;
using Region.Reporting.ReadModel;

namespace Region.Reporting.Domain;

/// What a unit has not yet reported for a period. Kind: GoalOutcome, GoalAnalysis, ActivityStatus,
/// Forecast or BudgetOutcome; Subject names the goal, activity or month it is about.
public sealed record MissingItem(string UnitCode, MissingKind Kind, string Subject, string Detail);

public enum MissingKind
{
    GoalOutcome = 1,
    GoalAnalysis = 2,
    ActivityStatus = 3,
    Forecast = 4,
    BudgetOutcome = 5,
}

/// The read-model rows a period's missing reports are found in (one tenant, one year).
public sealed record MissingReportsInput(
    IReadOnlyList<GoalRow> Goals, IReadOnlyList<GoalPeriodRow> GoalPeriods, IReadOnlyList<ActivityRow> Activities,
    IReadOnlyList<FrameRow> Frames, IReadOnlyList<ForecastRow> Forecasts, IReadOnlyList<BudgetOutcomeRow> BudgetOutcomes);

/// Påminnelseunderlag: per responsible unit, what the follow-up of a period still lacks. Computed
/// from the read model on each call, so an item is gone as soon as the event that fills it is applied.
public static class MissingReports
{
    /// Every missing item of the period, in unit, kind and subject order. A goal answers to its
    /// responsible unit, or to its body when it names none; an activity to its goal's unit; a
    /// forecast and budget outcomes to each unit with a frame that year. Budget outcomes are due for
    /// the period's months that closed before today.
    public static IReadOnlyList<MissingItem> Find(Period period, MissingReportsInput rows, DateOnly today)
    {
        var items = new List<MissingItem>();
        var goals = rows.Goals.Where(g => g.Year == period.Year && !g.Removed).ToDictionary(g => g.GoalId);
        var periods = rows.GoalPeriods
            .Where(p => p.Year == period.Year && p.PeriodKind == period.Kind && p.PeriodNumber == period.Number)
            .ToDictionary(p => p.GoalId);
        foreach (var goal in goals.Values)
        {
            var unit = goal.ResponsibleUnitCode ?? goal.BodyCode;
            var row = periods.GetValueOrDefault(goal.GoalId);
            // An activity-type goal is assessed, not measured: a status counts as its outcome.
            if (row is null || row.OutcomeTotal is null && row.Status is null)
                items.Add(new(unit, MissingKind.GoalOutcome, goal.Name, "No outcome or assessment for the period."));
            else if (row.Status is "Red" or "Yellow" && string.IsNullOrWhiteSpace(row.Analysis))
                items.Add(new(unit, MissingKind.GoalAnalysis, goal.Name, $"{row.Status} without an analysis of why and what is done about it."));
        }

        // An activity still at its first status (Planned) once it has started has not been reported on.
        foreach (var activity in rows.Activities.Where(a => !a.Removed && a.Status == "Planned" && goals.ContainsKey(a.GoalId)
                     && (a.StartDate is null || a.StartDate <= period.LastDay)))
        {
            var goal = goals[activity.GoalId];
            items.Add(new(goal.ResponsibleUnitCode ?? goal.BodyCode, MissingKind.ActivityStatus, activity.Name,
                $"Still planned; started {(activity.StartDate is { } s ? s.ToString("yyyy-MM-dd") : "(no start date)")}. Under the goal: {goal.Name}."));
        }

        var closedThrough = Math.Min(period.ThroughMonth, ClosedMonths(period.Year, today));
        foreach (var frame in rows.Frames.Where(f => f.Year == period.Year))
        {
            if (!rows.Forecasts.Any(f => f.UnitCode == frame.UnitCode && f.Year == period.Year))
                items.Add(new(frame.UnitCode, MissingKind.Forecast, $"{period.Year}", "No full-year forecast."));
            var booked = rows.BudgetOutcomes.Where(o => o.UnitCode == frame.UnitCode && o.Year == period.Year).Select(o => o.Month).ToHashSet();
            for (var month = 1; month <= closedThrough; month++)
                if (!booked.Contains(month))
                    items.Add(new(frame.UnitCode, MissingKind.BudgetOutcome, $"{period.Year}-{month:00}", $"No budget outcome for {ReportPeriods.MonthNameOf(month)} {period.Year}."));
        }
        return items.OrderBy(i => i.UnitCode, StringComparer.Ordinal).ThenBy(i => i.Kind).ThenBy(i => i.Subject, StringComparer.Ordinal).ToList();
    }

    /// How many months of the year have ended by today: 12 for a past year, 0 for a future one.
    public static int ClosedMonths(int year, DateOnly today) =>
        year < today.Year ? 12 : year > today.Year ? 0 : today.Month - 1;
}
