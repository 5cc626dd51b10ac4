extern alias reporting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Region.Reporting.V1;
using Region.ServiceDefaults.Tenancy;
using Region.TestSupport;
using reporting::Region.Reporting.Data;
using ReportingProgram = reporting::Program;

namespace Region.Benchmarks;

/// The reporting service in this process behind real Kestrel, as BenchHost has the budget service;
/// on a database of its own, or on the one <paramref name="database"/> names (a kept read model).
public sealed class ReportingBenchHost(string? database = null) : ServiceHost<ReportingProgram>("reporting")
{
    protected override bool OnKestrel => true;

    protected override void Configure(IWebHostBuilder web)
    {
        BenchHost.ConfigureBench(web);
        // Set after ServiceHost's own database: the later setting wins (that one stays empty).
        if (database is not null) web.UseSetting("ConnectionStrings:Database", database);
    }

    public static async Task<ReportingBenchHost> StartAsync(string? database = null)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_REPORTING", Path.Combine(TestInfra.RepoRoot, "services", "Reporting"));
        var host = new ReportingBenchHost(database);
        await host.InitializeAsync();
        return host;
    }

    public ReportingService.ReportingServiceClient Client(string tenant) => new(Invoker(tenant, "bench.user"));

    /// The service's database as one tenant, for seeding the read model.
    public ReportingDb Db(string tenant) => new ReportingDb(DbOptions<ReportingDb>()).Serving(new CallerContext { Tenant = tenant });
}
