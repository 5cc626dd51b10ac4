namespace Region.Deploy.Tests.Manifests;

/// Who may invoke whom through Dapr, as issue 17 decides it. Each service's callers (Dapr app ids)
/// with the operations they may call (several separated by a space, in order), or Every.
/// Everything not listed is refused.
static class Invocation
{
    public const string Every = "*";

    /// The app id of the ingress controller's sidecar, and the namespace it runs in.
    public const string Ingress = "region-ingress";
    public const string IngressNamespace = "ingress-nginx";

    /// The namespace of the services, which the access-control policies name.
    public const string Namespace = "region";

    /// Dapr's internal gRPC port: sidecar to sidecar, mTLS.
    public const int SidecarPort = 50002;

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Callers =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            // Reporting's rebuild asks each source to announce its state; nothing else.
            ["budget"] = SourceCallers("/region.budget.v1.BudgetService/AnnounceSnapshot"),
            ["goals"] = SourceCallers("/region.goals.v1.GoalsService/AnnounceSnapshot"),
            ["investments"] = SourceCallers("/region.investments.v1.InvestmentsService/AnnounceSnapshot"),
            ["meetings"] = SourceCallers("/region.meetings.v1.MeetingsService/AnnounceSnapshot"),
            // Notifications' reminders read the deadlines and what is missing; nothing else (issue 20).
            ["reporting"] = new Dictionary<string, string>
            {
                ["notifications"] = "/region.reporting.v1.ReportingService/ListDeadlines /region.reporting.v1.ReportingService/ListMissingReports",
                [Ingress] = Every,
            },
            ["notifications"] = new Dictionary<string, string> { [Ingress] = Every },
            ["identity"] = new Dictionary<string, string> { [Ingress] = Every },
        };

    /// The services a caller may invoke: the table read the other way.
    public static IReadOnlySet<string> Callees(string caller) =>
        Callers.Where(c => c.Value.ContainsKey(caller)).Select(c => c.Key).ToHashSet();

    static Dictionary<string, string> SourceCallers(string announceSnapshot) =>
        new() { ["reporting"] = announceSnapshot, [Ingress] = Every };
}
