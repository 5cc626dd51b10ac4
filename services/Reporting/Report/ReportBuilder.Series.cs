using Region.Reporting.ReadModel;
using Region.Contracts.Periods;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// Time series (tidsserier): every outcome the read model holds for a goal of the report, up to the
/// report's period, with the trend between the last two and the full-year forecast recorded with the
/// period's outcome (seed 003 asks the annual report for time series, trend and forecast per goal); and the plan's indicators, which have no target and are followed
/// only as series.
public sealed partial class ReportBuilder
{
    public const string Rising = "Rising", Falling = "Falling", Unchanged = "Unchanged";

    /// <paramref name="outcomes"/>: the goals' period rows with an outcome, up to the period's year (GoalsAsync).
    static void AddSeries(Api.Report report, List<GoalInPeriod> goals, List<GoalPeriodRow> outcomes, Period period)
    {
        var byGoal = outcomes.ToLookup(r => r.GoalId);
        foreach (var goal in goals)
        {
            var points = UpTo(period, byGoal[goal.Goal.GoalId], r => (r.Year, r.PeriodKind, r.PeriodNumber));
            // One figure is no series.
            if (points.Count < 2) continue;
            var series = new Api.GoalSeries { GoalId = goal.Goal.GoalId.ToString(), Name = goal.Goal.Name, Target = goal.Goal.TargetText ?? "" };
            series.Points.AddRange(points.Select(x => Point(x.Period, x.Row.OutcomeTotal!.Value, x.Row.Status ?? NotMeasurable)));
            var (last, before) = (points[^1].Row.OutcomeTotal!.Value, points[^2].Row.OutcomeTotal!.Value);
            series.Trend = last > before ? Rising : last < before ? Falling : Unchanged;
            if (goal.Period?.OutcomeForecast is { } forecast) (series.HasFullYearForecast, series.FullYearForecast) = (true, (double)forecast);
            report.GoalSeries.Add(series);
        }
    }

    /// The indicators (indikatorer) of the body's plan for the year, by name.
    static void AddIndicators(Api.Report report, List<IndicatorOutcomeRow> rows, Period period)
    {
        foreach (var indicator in rows.GroupBy(r => r.IndicatorId))
        {
            var points = UpTo(period, indicator, r => (r.Year, r.PeriodKind, r.PeriodNumber));
            if (points.Count == 0) continue;
            // The name and unit as the latest outcome's event carried them.
            var latest = points[^1].Row;
            var line = new Api.IndicatorLine { IndicatorId = indicator.Key.ToString(), Name = latest.Name, Unit = latest.Unit ?? "" };
            line.Points.AddRange(points.Select(x => Point(x.Period, x.Row.Total!.Value, "")));
            report.Indicators.Add(line);
        }
        var sorted = report.Indicators.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.IndicatorId, StringComparer.Ordinal).ToList();
        report.Indicators.Clear();
        report.Indicators.AddRange(sorted);
    }

    /// The rows of periods that end by the report's period's last day, ordered by that day: the
    /// 2021 outcome, then April, then August.
    static List<(TRow Row, Period Period)> UpTo<TRow>(Period report, IEnumerable<TRow> rows, Func<TRow, (int Year, PeriodKind Kind, int Number)> periodOf) =>
        rows.Select(r => (Row: r, Period: periodOf(r) is var (year, kind, number) ? Period.TryCreate(year, kind, number) : null))
            .Where(x => x.Period is { } p && p.LastDay <= report.LastDay)
            .Select(x => (x.Row, x.Period!.Value))
            .OrderBy(x => x.Item2.LastDay).ThenBy(x => x.Item2.Kind).ToList();

    static Api.SeriesPoint Point(Period period, decimal outcome, string status) =>
        new() { Period = period.ToString(), PeriodParts = period.ToProto(), Outcome = (double)outcome, Status = status };
}
