using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The latest build of each report (tenant, body, period), served until the tenant's read model
/// changes: a report is built once per change of the model, however many callers ask (GetReport,
/// RenderReport, the rendered route, WatchReport's summaries). While the change listener is
/// connected, a change is known without asking the database (DatabaseChanges: this replica's at
/// its commit, another's when the notification of its version's move arrives, within
/// milliseconds). While it is not, each call reads the version first, so a change applied by any
/// replica shows in the next call; calls in flight at the same time share those reads
/// (SharedReads: each uses a read that began after it arrived).
/// A served report is shared between calls: never change it.
public sealed class LatestReports(IServiceScopeFactory scopes, TimeProvider clock, DatabaseChanges changes)
{
    /// What a build was made at: the tenant's generation (DatabaseChanges) or its version read from
    /// the database. Both only grow; a build stamped one way is never taken for the other.
    readonly record struct Stamp(long Value, bool IsGeneration)
    {
        public bool IsOlderThan(Stamp other) => IsGeneration != other.IsGeneration || Value < other.Value;
    }

    static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(60);
    /// A report nobody asked for this long is dropped, so the builds of old periods do not pile up.
    static readonly TimeSpan KeptUnused = TimeSpan.FromMinutes(10);

    sealed class Build(Stamp version, Task<ReportBuilder.Built> report)
    {
        public Stamp Version { get; } = version;
        public Task<ReportBuilder.Built> Report { get; } = report;
        public DateTimeOffset LastAsked { get; set; }
    }

    readonly Lock _gate = new();
    readonly Dictionary<(string Tenant, string Body, Period Period), Build> _latest = new();
    readonly SharedReads<string, long> _versions = new((tenant, ct) => VersionAsync(scopes, tenant, ct), BuildTimeout);

    /// The report of the body (its code as Input.Code gives it) and period for the tenant of
    /// <paramref name="db"/>, at least as new as the read model when the call began.
    public async Task<Api.Report> GetAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct) =>
        (await GetBuiltAsync(db, bodyCode, period, ct)).Report;

    /// The same with the rows it was built from.
    internal async Task<ReportBuilder.Built> GetBuiltAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        // Taken before building: a build started after this sees every change the stamp counts.
        var version = changes.Generation(ReportingChanges.ReadModel(tenant)) is { } generation
            ? new Stamp(generation, IsGeneration: true)
            : new Stamp(await _versions.ReadAsync(tenant, ct), IsGeneration: false);
        var key = (tenant, bodyCode, period);
        var now = clock.GetUtcNow();
        Build? build;
        lock (_gate)
        {
            // An older version than the kept build's means a slower caller: the newer build serves it too.
            if (!_latest.TryGetValue(key, out build) || build.Version.IsOlderThan(version) || build.Report.IsFaulted || build.Report.IsCanceled)
            {
                foreach (var unused in _latest.Where(b => now - b.Value.LastAsked > KeptUnused).Select(b => b.Key).ToList())
                    _latest.Remove(unused);
                _latest[key] = build = new Build(version, Task.Run(() => BuildAsync(tenant, bodyCode, period)));
            }
            build.LastAsked = now;
        }
        // Each caller waits with its own token; the build itself finishes for the others.
        return await build.Report.WaitAsync(ct);
    }

    static async Task<long> VersionAsync(IServiceScopeFactory scopes, string tenant, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = tenant;
        return await ReadModelVersion.CurrentAsync(scope.ServiceProvider.GetRequiredService<ReportingDb>(), ct);
    }

    async Task<ReportBuilder.Built> BuildAsync(string tenant, string bodyCode, Period period)
    {
        using var activity = ReportTelemetry.StartBuild(bodyCode, period);
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = tenant;
        return await ReportBuilder.InScope(scope.ServiceProvider).BuildAsync(bodyCode, period, outsideGoals: null, timeout.Token);
    }
}
