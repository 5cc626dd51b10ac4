using Microsoft.EntityFrameworkCore;
using Region.Contracts.Periods;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Time series (tidsserier) per goal: every outcome the read model holds for a goal of the report,
/// up to the report's period, and the trend between the last two (seed 003 asks the annual report
/// for time series and trend per goal).
public sealed partial class ReportBuilder
{
    public const string Rising = "Rising", Falling = "Falling", Unchanged = "Unchanged";

    async Task AddSeriesAsync(Api.Report report, List<GoalInPeriod> goals, Period period, CancellationToken ct)
    {
        var ids = goals.Select(g => g.Goal.GoalId).ToList();
        var rows = await db.GoalPeriods.AsNoTracking().Where(p => ids.Contains(p.GoalId) && p.OutcomeTotal != null && p.Year <= period.Year).ToListAsync(ct);
        var byGoal = rows.Select(r => (Row: r, Period: Period.TryCreate(r.Year, r.PeriodKind, r.PeriodNumber)))
            .Where(x => x.Period is { } p && p.LastDay <= period.LastDay)
            .ToLookup(x => x.Row.GoalId);
        foreach (var goal in goals)
        {
            // Ordered by the last day each period covers: the 2021 outcome, then April, then August.
            var points = byGoal[goal.Goal.GoalId].OrderBy(x => x.Period!.Value.LastDay).ThenBy(x => x.Period!.Value.Kind).ToList();
            // One figure is no series.
            if (points.Count < 2) continue;
            var series = new Api.GoalSeries { GoalId = goal.Goal.GoalId.ToString(), Name = goal.Goal.Name, Target = goal.Goal.TargetText ?? "" };
            series.Points.AddRange(points.Select(x => new Api.SeriesPoint
            {
                Period = x.Period!.Value.ToString(),
                PeriodParts = x.Period!.Value.ToProto(),
                Outcome = (double)x.Row.OutcomeTotal!.Value,
                Status = x.Row.Status ?? NotMeasurable,
            }));
            var (last, before) = (points[^1].Row.OutcomeTotal!.Value, points[^2].Row.OutcomeTotal!.Value);
            series.Trend = last > before ? Rising : last < before ? Falling : Unchanged;
            report.GoalSeries.Add(series);
        }
    }
}
