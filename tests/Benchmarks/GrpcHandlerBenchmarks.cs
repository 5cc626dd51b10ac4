using BenchmarkDotNet.Attributes;
using Grpc.Health.V1;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What a budget read costs on top of the gRPC pipeline itself. Baseline: grpc.health.v1.Health/Check
/// on the same host and channel for a health service mapped to no check (Kestrel, HTTP/2, middleware,
/// interceptors, an almost empty handler). Ratio = a budget call / that empty call.
[Config(typeof(ShortCallsConfig))]
public class GrpcHandlerBenchmarks
{
    private const int Areas = 10;

    private BenchHost _host = null!;
    private Health.HealthClient _health = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private readonly HealthCheckRequest _healthRequest = new() { Service = BenchHost.EmptyHealthService };
    private readonly GetFrameRequest _getFrame = new() { UnitCode = BenchData.AreaCode(1), Year = BenchData.Year };
    private readonly ListBudgetFramesRequest _listFrames = new() { UnitCode = BenchData.Division, Year = BenchData.Year };

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _host = await BenchHost.StartAsync();
        _health = new Health.HealthClient(_host.Invoker());
        _budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(_budget, Areas);
        await _budget.ImportFrameTableAsync(BenchData.Table(Areas, BenchData.Year));

        // Fail here, not with a meaningless ratio, if a call does not do what it is measured for.
        var status = (await _health.CheckAsync(_healthRequest)).Status;
        if (status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new InvalidOperationException($"Health/Check on '{BenchHost.EmptyHealthService}' answered {status}.");
        var listed = await _budget.ListBudgetFramesAsync(_listFrames);
        if (listed.TotalSize != Areas + 1)
            throw new InvalidOperationException($"ListBudgetFrames gave {listed.TotalSize} units, expected the division and its {Areas} areas.");
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _host.DisposeAsync();

    [Benchmark(Baseline = true, Description = "Health/Check (empty handler)")]
    public async Task<HealthCheckResponse> HealthCheck() => await _health.CheckAsync(_healthRequest);

    [Benchmark(Description = "GetFrame")]
    public async Task<Frame> GetFrame() => await _budget.GetFrameAsync(_getFrame);

    [Benchmark(Description = "ListBudgetFrames (division, 10 areas)")]
    public async Task<ListBudgetFramesResponse> ListBudgetFrames() => await _budget.ListBudgetFramesAsync(_listFrames);
}
