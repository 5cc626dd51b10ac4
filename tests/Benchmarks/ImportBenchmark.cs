using BenchmarkDotNet.Attributes;

namespace Region.Benchmarks;

/// What the import benchmarks share. Baseline: a binary COPY of every row one import wrote (ImportRows:
/// its data, outbox and audit rows, found by its transaction id on a host without the outbox
/// dispatcher, so its events are still in the outbox as written) into the same tables, one
/// transaction. Measured: the import through gRPC (`Import`, a new year or request each time) on a
/// host with the dispatcher; the previous import's events are dispatched before the next one is
/// timed, so the dispatcher (in this process) does not compete with it.
[Config(typeof(BatchConfig))]
public abstract class ImportBenchmark
{
    private ImportRows _rows = null!;
    private bool _outboxDispatcher;

    /// The database of the service whose import is measured.
    protected abstract string ConnectionString { get; }

    /// Selects a row the import writes once (its record): its transaction id finds every other row.
    protected abstract string AnchorQuery { get; }

    /// Fewer rows than this written by one import means it did not do its work.
    protected abstract long MinimumRows { get; }

    /// Starts the service(s) and seeds what an import needs.
    protected abstract Task StartAsync(bool outboxDispatcher);

    /// The import whose rows the baseline copies.
    protected abstract Task ImportOnceAsync();

    protected abstract Task StopAsync();

    /// One import through gRPC, failing unless it did all its work (a failing call must not make a flattering ratio).
    public abstract Task Import();

    [GlobalSetup(Target = nameof(Copy))]
    public async Task SetUpCopyAsync()
    {
        await StartAsync(_outboxDispatcher = false);
        await ImportOnceAsync();
        _rows = await ImportRows.CaptureAsync(ConnectionString, AnchorQuery);
        await _rows.CheckLoadAsync(MinimumRows);
    }

    [GlobalSetup(Target = nameof(Import))]
    public Task SetUpImportAsync() => StartAsync(_outboxDispatcher = true);

    /// Lets the last import's events go out first, so stopping the host cancels no publish.
    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_outboxDispatcher) await BenchHost.WaitForEmptyOutboxAsync(ConnectionString);
        await StopAsync();
    }

    [IterationSetup(Target = nameof(Copy))]
    public void DeleteLastCopy() => _rows.DeleteLastAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(Import))]
    public void WaitForEmptyOutbox() => BenchHost.WaitForEmptyOutboxAsync(ConnectionString).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "COPY of the same rows (binary, same tables)")]
    public Task Copy() => _rows.LoadAsync();
}
