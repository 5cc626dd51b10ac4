using BenchmarkDotNet.Attributes;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What importing a frame table through the service costs against the fastest way PostgreSQL takes
/// the same rows (ImportBenchmark): ImportFrameTable over gRPC of a synthetic table of `Rows` rows
/// (validation, the org tree, the findings check, one frame and one outbox event per row, the
/// import record, their audit entries, one transaction). Each import is of a new year (2022, 2023,
/// ...): a frame can be opened from a table only once.
public class ImportBenchmarks : ImportBenchmark
{
    public const int Rows = 200;

    private BenchHost _host = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private int _year = BenchData.Year;

    protected override string ConnectionString => _host.ConnectionString;
    protected override string AnchorQuery => "SELECT xmin FROM frame_table_imports";
    protected override long MinimumRows => 2 * Rows + 2;

    protected override async Task StartAsync(bool outboxDispatcher)
    {
        _host = await BenchHost.StartAsync(outboxDispatcher);
        _budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(_budget, Rows);
    }

    protected override Task ImportOnceAsync() => Import();

    protected override Task StopAsync() => _host.DisposeAsync();

    [Benchmark(Description = "ImportFrameTable 200 rows (gRPC)")]
    public override async Task Import()
    {
        var import = await _budget.ImportFrameTableAsync(BenchData.Table(Rows, _year++));
        if (import.Rows != Rows || import.Findings.Count != 0)
            throw new InvalidOperationException($"The import took {import.Rows} rows with {import.Findings.Count} findings, expected {Rows} and none.");
    }
}
