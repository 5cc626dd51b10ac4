using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The summaries WatchReport streams send: built once per (tenant, body, period) and change of the
/// tenant's read model, however many streams watch it, instead of once per stream and wake-up.
public sealed class ReportSummaries(IServiceScopeFactory scopes, ReadModelChanges changes, LatestReports reports, EventsInFlight inFlight, TimeProvider clock)
{
    /// A summary older than this is built again even without a change: another replica may have
    /// applied one this process did not hear about.
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// Changes come in bursts: a goal's recorded outcome and the status it moves are two events,
    /// published together and applied one after the other. After a change a stream waits until no
    /// event of the tenant is being applied here (EventsInFlight), at most this long, and builds one
    /// summary for the burst, not one per event; a lone event's summary is built at once.
    public static readonly TimeSpan MaxSettle = TimeSpan.FromMilliseconds(100);

    /// After changes of goal rows only (a goal's outcome and status: ReadModelChanges.Generations),
    /// a summary reads those again and keeps the other rows (the org tree, the budget, plans, the
    /// body's) its last build read, if they were read less than this long ago: the summary of a
    /// goal outcome then waits for three queries in a row on one connection, not fifteen on four.
    /// The other rows are as stored unless another replica changed them, which this process hears
    /// of only through MaxAge: such a change shows within MaxAge plus this.
    public static readonly TimeSpan KeepOtherRowsFor = TimeSpan.FromSeconds(1);

    static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(60);

    /// A summary with the rows it was built from: the rows other than the goals' are as new as
    /// the read model was at ReadFrom (LatestReports' promise), when the tenant's count of changes
    /// outside the goal rows was OutsideGoals.
    sealed record Built(Api.ReportSummary Summary, ReportBuilder.ReportReads Reads, long OutsideGoals, DateTimeOffset ReadFrom);

    sealed record Build(long Generation, DateTimeOffset Started, Task<Built> Summary);

    readonly Lock _gate = new();
    readonly Dictionary<(string Tenant, string Body, Period Period), Build> _builds = new();

    /// The summary as of now. Shared between streams: do not change it (clone it to set a version).
    public async Task<Api.ReportSummary> CurrentAsync(string tenant, string bodyCode, Period period, CancellationToken ct)
    {
        var key = (tenant, bodyCode, period);
        var (generation, outsideGoals) = changes.Generations(tenant);
        var now = clock.GetUtcNow();
        Build? build;
        lock (_gate)
        {
            if (!_builds.TryGetValue(key, out build) || build.Generation != generation || build.Summary.IsFaulted || build.Summary.IsCanceled
                || build.Summary.IsCompleted && now - build.Started > MaxAge)
            {
                // Builds nobody asked for in a while belong to streams that have ended.
                foreach (var stale in _builds.Where(b => b.Value.Summary.IsCompleted && now - b.Value.Started > 2 * MaxAge).Select(b => b.Key).ToList())
                    _builds.Remove(stale);
                var kept = build is { Summary.IsCompletedSuccessfully: true } && build.Summary.Result is var last
                    && last.OutsideGoals == outsideGoals && now - last.ReadFrom < KeepOtherRowsFor ? last : null;
                _builds[key] = build = new Build(generation, now, Task.Run(() => BuildAsync(tenant, bodyCode, period, outsideGoals, now, kept)));
            }
        }
        // Each stream waits with its own token; the build itself finishes for the others.
        return (await build.Summary.WaitAsync(ct)).Summary;
    }

    /// Returns once no event of the tenant is being applied in this process, or MaxSettle after the
    /// call (a long burst, an import: its summary shows what has arrived, the next one the rest).
    public async Task SettleAsync(string tenant, CancellationToken ct)
    {
        using var activity = ReportTelemetry.Source.StartActivity("report watch settle");
        try
        {
            await inFlight.DrainedAsync(tenant, ct).WaitAsync(MaxSettle, clock, ct);
        }
        catch (TimeoutException)
        {
            activity?.SetTag("report.settle.limited", true);
        }
    }

    /// With <paramref name="kept"/>, reads the goal rows and takes the rest from it; else the whole
    /// report as GetReport has it (LatestReports), asked for with the tenant's count at
    /// <paramref name="outsideGoals"/> at <paramref name="asked"/>.
    async Task<Built> BuildAsync(string tenant, string bodyCode, Period period, long outsideGoals, DateTimeOffset asked, Built? kept)
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = tenant;
        if (kept is null)
        {
            var report = await reports.GetBuiltAsync(scope.ServiceProvider.GetRequiredService<ReportingDb>(), bodyCode, period, timeout.Token);
            return new Built(Summary(report.Report), report.Reads, outsideGoals, asked);
        }
        using var activity = ReportTelemetry.StartBuild(bodyCode, period);
        activity?.SetTag("report.kept_other_rows", true);
        // Only the builder's own context reads here; the others are for a whole build.
        var built = await ReportBuilder.InScope(scope.ServiceProvider).BuildAsync(bodyCode, period, kept.Reads, timeout.Token);
        return kept with { Summary = Summary(built.Report), Reads = built.Reads };
    }

    static Api.ReportSummary Summary(Api.Report r)
    {
        var summary = new Api.ReportSummary
        {
            BodyCode = r.BodyCode,
            Period = r.Period,
            Goals = r.Goals,
            Assignments = r.Assignments,
            Activities = r.Activities,
            Deviation = r.Budget.Rows.FirstOrDefault(b => b.UnitCode.Equals(r.BodyCode, StringComparison.OrdinalIgnoreCase))?.Deviation ?? 0,
            TotalNetBudget = r.Budget.TotalNetBudget,
        };
        summary.Summary.AddRange(r.Summary);
        return summary;
    }
}
