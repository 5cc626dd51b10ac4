using Region.Contracts.Periods;
using Region.Reporting.Data;
using Region.Reporting.ReadModel;
using Region.ServiceDefaults.Tenancy;
using Api = Region.Reporting.V1;

namespace Region.Reporting.Report;

/// The latest build of each report (tenant, body, period), served until the tenant's read-model
/// version moves: a report is built once per change of the model, however many callers ask
/// (GetReport, RenderReport, the rendered route, WatchReport's summaries). Each call reads the
/// version first, so a change applied by any replica shows in the next call; calls in flight at
/// the same time share those reads (SharedReads: each uses a read that began after it arrived).
/// A served report is shared between calls: never change it.
public sealed class LatestReports(IServiceScopeFactory scopes, TimeProvider clock)
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(60);
    /// A report nobody asked for this long is dropped, so the builds of old periods do not pile up.
    static readonly TimeSpan KeptUnused = TimeSpan.FromMinutes(10);

    sealed class Build(long version, Task<Api.Report> report)
    {
        public long Version { get; } = version;
        public Task<Api.Report> Report { get; } = report;
        public DateTimeOffset LastAsked { get; set; }
    }

    readonly Lock _gate = new();
    readonly Dictionary<(string Tenant, string Body, Period Period), Build> _latest = new();
    readonly SharedReads<string, long> _versions = new((tenant, ct) => VersionAsync(scopes, tenant, ct), BuildTimeout);

    /// The report of the body (its code as Input.Code gives it) and period for the tenant of
    /// <paramref name="db"/>, at least as new as the read model when the call began.
    public async Task<Api.Report> GetAsync(ReportingDb db, string bodyCode, Period period, CancellationToken ct)
    {
        var tenant = db.Caller.RequiredTenant;
        // Read before building: a build started after this sees every change the version counts.
        var version = await _versions.ReadAsync(tenant, ct);
        var key = (tenant, bodyCode, period);
        var now = clock.GetUtcNow();
        Build? build;
        lock (_gate)
        {
            // An older version than the kept build's means a slower caller: the newer build serves it too.
            if (!_latest.TryGetValue(key, out build) || build.Version < version || build.Report.IsFaulted || build.Report.IsCanceled)
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

    async Task<Api.Report> BuildAsync(string tenant, string bodyCode, Period period)
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Tenant = tenant;
        return await new ReportBuilder(scope.ServiceProvider.GetRequiredService<ReportingDb>()).BuildAsync(bodyCode, period, timeout.Token);
    }
}
