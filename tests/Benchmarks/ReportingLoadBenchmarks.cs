using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Health.V1;
using Region.Reporting.V1;

namespace Region.Benchmarks;

/// GetReport under load (LoadDriver) against the same load of empty calls on the reporting host,
/// with the same token, as BudgetLoadBenchmarks does for budget reads. The data do not change
/// during the run: what a dashboard or an integration polling the report meets.
[Config(typeof(LoadConfig))]
public class ReportingLoadBenchmarks
{
    public const int Areas = 20;
    public const int GoalsPerArea = 3;

    private ReportingBenchHost _host = null!;
    private LoadDriver _load = null!;
    private Metadata _headers = null!;
    private Health.HealthClient[] _health = null!;
    private ReportingService.ReportingServiceClient[] _reporting = null!;
    private readonly HealthCheckRequest _healthRequest = new() { Service = BenchHost.EmptyHealthService };
    private readonly GetReportRequest _getReport = new() { BodyCode = ReportBenchData.Body, Period = ReportBenchData.Period.ToString() };

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _host = await ReportingBenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        await ReportBenchData.SeedAsync(_host, tenant, Areas, GoalsPerArea);

        _load = new LoadDriver(_host.Address);
        _headers = new Metadata { { "authorization", "Bearer " + await _host.TokenAsync(tenant, "bench.user") } };
        _health = _load.Invokers.Select(i => new Health.HealthClient(i)).ToArray();
        _reporting = _load.Invokers.Select(i => new ReportingService.ReportingServiceClient(i)).ToArray();

        // Fail here, not with a flattering ratio, if a call does not do what it is measured for.
        var status = (await _health[0].CheckAsync(_healthRequest, _headers)).Status;
        if (status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new InvalidOperationException($"Health/Check on '{BenchHost.EmptyHealthService}' answered {status}.");
        var report = await _reporting[1].GetReportAsync(_getReport, _headers);
        var goals = report.Goals.Red + report.Goals.Yellow + report.Goals.Green;
        if (goals != Areas * GoalsPerArea)
            throw new InvalidOperationException($"GetReport counted {goals} goals, expected {Areas * GoalsPerArea}.");
        await SteadyState.WarmAsync("report reads", async () =>
        {
            await HealthCheck();
            await GetReport();
        });
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _load.Dispose();
        await _host.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LoadDriver.Calls, Description = "Health/Check (empty handler, reporting host), 32 in flight")]
    public Task HealthCheck() => _load.RunAsync(async c => await _health[c].CheckAsync(_healthRequest, _headers));

    [Benchmark(OperationsPerInvoke = LoadDriver.Calls, Description = "GetReport (body of 20 areas, 60 goals, unchanged data), 32 in flight")]
    public Task GetReport() => _load.RunAsync(async c => await _reporting[c].GetReportAsync(_getReport, _headers));
}
