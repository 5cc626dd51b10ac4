using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// Budget reads under load (LoadDriver: 32 calls in flight over 2 HTTP/2 connections) against the
/// same load of empty calls on the same host, all with the same token, so Kestrel, HTTP/2,
/// authentication, the middleware and the interceptors are the same and only the handler differs.
/// Times are per call; baseline mean / method mean is the method's throughput as a share of the
/// empty handler's. The division has `Units` areas, each with a frame.
[Config(typeof(LoadConfig))]
public class BudgetLoadBenchmarks
{
    public const int Units = 200;

    private BenchHost _host = null!;
    private LoadDriver _load = null!;
    private Metadata _headers = null!;
    private Health.HealthClient[] _health = null!;
    private BudgetService.BudgetServiceClient[] _budget = null!;
    private CallInvoker[] _invokers = null!;
    private readonly HealthCheckRequest _healthRequest = new() { Service = BenchHost.EmptyHealthService };
    private readonly GetUnitRequest _getUnit = new() { Code = BenchData.AreaCode(Units / 2) };
    private readonly GetFrameRequest _getFrame = new() { UnitCode = BenchData.AreaCode(Units / 2), Year = BenchData.Year };
    private readonly ListBudgetFramesRequest _listFrames = new() { UnitCode = BenchData.Division, Year = BenchData.Year, PageSize = 1000 };

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        (_host, var tenant) = await StartWithDivisionAsync();

        _load = new LoadDriver(_host.Address);
        _headers = new Metadata { { "authorization", "Bearer " + await _host.TokenAsync(tenant, "bench.user") } };
        _health = _load.Invokers.Select(i => new Health.HealthClient(i)).ToArray();
        _invokers = _load.Invokers.ToArray();
        _budget = _invokers.Select(i => new BudgetService.BudgetServiceClient(i)).ToArray();

        // Fail here, not with a flattering ratio, if a call does not do what it is measured for.
        var status = (await _health[0].CheckAsync(_healthRequest, _headers)).Status;
        if (status != HealthCheckResponse.Types.ServingStatus.Serving)
            throw new InvalidOperationException($"Health/Check on '{BenchHost.EmptyHealthService}' answered {status}.");
        var listed = await _budget[1].ListBudgetFramesAsync(_listFrames, _headers);
        if (listed.TotalSize != Units + 1 || listed.Units.Count != Units + 1)
            throw new InvalidOperationException($"ListBudgetFrames gave {listed.Units.Count} of {listed.TotalSize} units, expected the division and its {Units} areas.");
        var asBytes = ListBudgetFramesResponse.Parser.ParseFrom(await _invokers[0].AsyncUnaryCall(ListFramesAsBytes, null, new CallOptions(_headers), _listFrames));
        if (!asBytes.Equals(listed)) throw new InvalidOperationException("ListBudgetFrames read as bytes is not the listing.");
        var frame = await _budget[0].GetFrameAsync(_getFrame, _headers);
        if (frame.UnitCode != _getFrame.UnitCode)
            throw new InvalidOperationException($"GetFrame answered for {frame.UnitCode}.");
        await SteadyState.WarmAsync("budget reads", async () =>
        {
            await HealthCheck();
            await GetUnit();
            await GetFrame();
            await ListBudgetFrames();
            await ListBudgetFramesAsBytes();
        });
    }

    /// The budget service with a tenant holding the division of `Units` areas, each with a frame, its events published.
    public static async Task<(BenchHost Host, string Tenant)> StartWithDivisionAsync()
    {
        var host = await BenchHost.StartAsync();
        var tenant = BenchHost.NewTenant();
        var seeding = host.Client(tenant);
        await BenchData.CreateTreeAsync(seeding, Units);
        await seeding.ImportFrameTableAsync(BenchData.Table(Units, BenchData.Year));
        await host.WaitForEmptyOutboxAsync();
        return (host, tenant);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        _load.Dispose();
        await _host.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LoadDriver.Calls, Description = "Health/Check (empty handler), 32 in flight")]
    public Task HealthCheck() => _load.RunAsync(async c => await _health[c].CheckAsync(_healthRequest, _headers));

    [Benchmark(OperationsPerInvoke = LoadDriver.Calls, Description = "GetUnit, 32 in flight")]
    public Task GetUnit() => _load.RunAsync(async c => await _budget[c].GetUnitAsync(_getUnit, _headers));

    [Benchmark(OperationsPerInvoke = LoadDriver.Calls, Description = "GetFrame, 32 in flight")]
    public Task GetFrame() => _load.RunAsync(async c => await _budget[c].GetFrameAsync(_getFrame, _headers));

    [Benchmark(OperationsPerInvoke = LoadDriver.Calls, Description = "ListBudgetFrames (division, 200 units), 32 in flight")]
    public Task ListBudgetFrames() => _load.RunAsync(async c => await _budget[c].ListBudgetFramesAsync(_listFrames, _headers));

    /// The same calls with the answer taken as bytes: the load generator shares the two cores with
    /// the service, and parsing 58 KB per call is the client's work, not the service's (the issue's
    /// external generator had a core of its own). The row above keeps the parsing client.
    [Benchmark(OperationsPerInvoke = LoadDriver.Calls, Description = "ListBudgetFrames (division, 200 units), 32 in flight, answer read as bytes (client does not parse)")]
    public Task ListBudgetFramesAsBytes() => _load.RunAsync(async c => await _invokers[c].AsyncUnaryCall(ListFramesAsBytes, null, new CallOptions(_headers), _listFrames));

    internal static readonly Method<ListBudgetFramesRequest, byte[]> ListFramesAsBytes = new(MethodType.Unary, BudgetService.Descriptor.FullName,
        "ListBudgetFrames", Marshallers.Create(r => r.ToByteArray(), ListBudgetFramesRequest.Parser.ParseFrom), Marshallers.Create<byte[]>(b => b, b => b));
}
