using System.Diagnostics;
using Region.Contracts.Periods;

namespace Region.Reporting.Report;

/// Reporting's own spans, on the trace source AddServiceDefaults registers under the service's
/// name: where a watched report's time goes between a change of the read model and its summary.
public static class ReportTelemetry
{
    public const string ActivitySourceName = "reporting";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// The span of one read-model group's transaction (ReadModelGroups), in the trace of the consume
    /// that applied it, its statements below it. It links to the consume span of each other event in
    /// the group, and each of those links back to it: an event's trace leads to where its change was
    /// written. The consumes wait for the group meanwhile, so adding a link to theirs is safe.
    internal static Activity? StartGroup(IReadOnlyCollection<Activity?> consumes)
    {
        var others = consumes.Where(c => c is not null && c != Activity.Current).Select(c => c!).Distinct().ToList();
        var activity = Source.StartActivity("read model group", ActivityKind.Internal, parentContext: default,
            links: others.Select(c => new ActivityLink(c.Context)));
        if (activity is null) return null;
        activity.SetTag("read_model.group.events", consumes.Count);
        foreach (var consume in others) consume.AddLink(new ActivityLink(activity.Context));
        return activity;
    }

    /// The span of one report build, whole (LatestReports) or of the goal rows only (ReportSummaries).
    internal static Activity? StartBuild(string bodyCode, Period period)
    {
        var activity = Source.StartActivity("report build");
        activity?.SetTag("report.body", bodyCode);
        activity?.SetTag("report.period", period.ToString());
        return activity;
    }
}
