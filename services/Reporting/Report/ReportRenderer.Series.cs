using Region.Contracts.Periods;
using Api = Region.Reporting.V1;
using static Region.Reporting.Report.ReportText;

namespace Region.Reporting.Report;

/// The time series per goal: outcomes over time and the trend, and beside them the full-year
/// forecast (helårsprognos) where one was recorded with the period's outcome.
public static partial class ReportRenderer
{
    static Table SeriesTable(Api.Report r, Period period)
    {
        // The column only when some goal has a forecast: a column of dashes says nothing.
        var forecasts = r.GoalSeries.Any(s => s.HasFullYearForecast);
        return new Table([new("Mål"), new("Målvärde"), new("Utfall över tid"), new("Trend"), .. forecasts ? [new Column("Helårsprognos", Numeric: true)] : Array.Empty<Column>()],
            r.GoalSeries.Select(s => new Row([s.Name, s.Target, Series(s.Points, period), TrendWord(s.Trend),
                .. forecasts ? [s.HasFullYearForecast ? Number(s.FullYearForecast) : "–"] : Array.Empty<Cell>()])).ToList());
    }
}
