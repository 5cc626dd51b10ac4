using BenchmarkDotNet.Attributes;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What importing a frame table through the service costs against the fastest way PostgreSQL takes
/// the same rows. Baseline: binary COPY of every row one such import wrote (its frames, the import
/// record, its outbox events and audit row: ImportRows), into the same tables of the service's
/// database, one transaction. Measured: ImportFrameTable over gRPC of a synthetic table of `Rows`
/// rows (validation, the org tree, the findings check, one frame and one outbox event per row,
/// one transaction).
[Config(typeof(BatchConfig))]
public class ImportBenchmarks
{
    public const int Rows = 200;

    private BenchHost _host = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private ImportRows _rows = null!;
    private int _year = BenchData.Year;

    /// One import on a host without the outbox dispatcher, so its events are still in the outbox as written.
    [GlobalSetup(Target = nameof(Copy))]
    public async Task SetUpCopyAsync()
    {
        _host = await BenchHost.StartAsync(outboxDispatcher: false);
        var budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(budget, Rows);
        await budget.ImportFrameTableAsync(BenchData.Table(Rows, BenchData.Year));
        _rows = await ImportRows.CaptureAsync(_host.ConnectionString, "SELECT xmin FROM frame_table_imports");
        await _rows.CheckLoadAsync(minimumRows: 2 * Rows + 2);
    }

    [GlobalSetup(Target = nameof(Import))]
    public async Task SetUpImportAsync()
    {
        _host = await BenchHost.StartAsync();
        _budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(_budget, Rows);
    }

    [GlobalCleanup(Target = nameof(Copy))]
    public async Task CleanUpCopyAsync() => await _host.DisposeAsync();

    /// Lets the last import's events go out first, so stopping the host cancels no publish.
    [GlobalCleanup(Target = nameof(Import))]
    public async Task CleanUpImportAsync()
    {
        await _host.WaitForEmptyOutboxAsync();
        await _host.DisposeAsync();
    }

    [IterationSetup(Target = nameof(Copy))]
    public void DeleteLastCopy() => _rows.DeleteLastAsync().GetAwaiter().GetResult();

    /// The previous import's events are dispatched before the next one is timed, so the dispatcher
    /// (in this process) does not compete with it.
    [IterationSetup(Target = nameof(Import))]
    public void WaitForEmptyOutbox() => _host.WaitForEmptyOutboxAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "COPY of the same rows (binary, same tables)")]
    public Task Copy() => _rows.LoadAsync();

    /// Each import is of a new year (2022, 2023, ...): a frame can be opened from a table only once.
    [Benchmark(Description = "ImportFrameTable 200 rows (gRPC)")]
    public async Task<FrameTableImport> Import()
    {
        var import = await _budget.ImportFrameTableAsync(BenchData.Table(Rows, _year++));
        return import.Rows == Rows && import.Findings.Count == 0
            ? import
            : throw new InvalidOperationException($"The import took {import.Rows} rows with {import.Findings.Count} findings, expected {Rows} and none.");
    }
}
