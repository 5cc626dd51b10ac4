using System.Diagnostics;
using Region.Contracts.Periods;

namespace Region.Reporting.Report;

/// Reporting's own spans, on the trace source AddServiceDefaults registers under the service's
/// name: where a watched report's time goes between a change of the read model and its summary.
public static class ReportTelemetry
{
    public const string ActivitySourceName = "reporting";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// The span of one report build, whole (LatestReports) or of the goal rows only (ReportSummaries).
    internal static Activity? StartBuild(string bodyCode, Period period)
    {
        var activity = Source.StartActivity("report build");
        activity?.SetTag("report.body", bodyCode);
        activity?.SetTag("report.period", period.ToString());
        return activity;
    }
}
