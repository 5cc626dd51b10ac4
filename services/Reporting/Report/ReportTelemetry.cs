using System.Diagnostics;

namespace Region.Reporting.Report;

/// Reporting's own spans, on the trace source AddServiceDefaults registers under the service's
/// name: where a watched report's time goes between a change of the read model and its summary.
public static class ReportTelemetry
{
    public const string ActivitySourceName = "reporting";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
