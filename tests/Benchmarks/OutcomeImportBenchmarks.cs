using BenchmarkDotNet.Attributes;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What recording a batch of monthly outcomes (the ledger system's import, RecordOutcomes) costs
/// against a binary COPY of every row such a batch wrote (its outcome lines, the batch record, its
/// outbox event and audit row: ImportRows) into the same tables. A batch is `Units` areas × 12
/// months of one column; each iteration records a new year, so every line is a new row.
[Config(typeof(BatchConfig))]
public class OutcomeImportBenchmarks
{
    public const int Units = 200;
    public const int Lines = Units * 12;

    private BenchHost _host = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private ImportRows _rows = null!;
    private int _year = BenchData.Year;

    [GlobalSetup(Target = nameof(Copy))]
    public async Task SetUpCopyAsync()
    {
        _host = await BenchHost.StartAsync(outboxDispatcher: false);
        var budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(budget, Units);
        await budget.RecordOutcomesAsync(Batch(BenchData.Year));
        _rows = await ImportRows.CaptureAsync(_host.ConnectionString, "SELECT xmin FROM outcome_batches");
        await _rows.CheckLoadAsync(minimumRows: Lines + 2);
    }

    [GlobalSetup(Target = nameof(Import))]
    public async Task SetUpImportAsync()
    {
        _host = await BenchHost.StartAsync();
        _budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(_budget, Units);
    }

    [GlobalCleanup(Target = nameof(Copy))]
    public async Task CleanUpCopyAsync() => await _host.DisposeAsync();

    [GlobalCleanup(Target = nameof(Import))]
    public async Task CleanUpImportAsync()
    {
        await _host.WaitForEmptyOutboxAsync();
        await _host.DisposeAsync();
    }

    [IterationSetup(Target = nameof(Copy))]
    public void DeleteLastCopy() => _rows.DeleteLastAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(Import))]
    public void WaitForEmptyOutbox() => _host.WaitForEmptyOutboxAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "COPY of the same rows (binary, same tables)")]
    public Task Copy() => _rows.LoadAsync();

    [Benchmark(Description = "RecordOutcomes 2 400 lines (gRPC)")]
    public async Task<RecordOutcomesResponse> Import()
    {
        var recorded = await _budget.RecordOutcomesAsync(Batch(_year++));
        return recorded.Recorded == Lines && !recorded.AlreadyRecorded
            ? recorded
            : throw new InvalidOperationException($"RecordOutcomes recorded {recorded.Recorded} lines, expected {Lines}.");
    }

    /// Every area's personnel costs of each month of the year.
    private static RecordOutcomesRequest Batch(int year)
    {
        var batch = new RecordOutcomesRequest { RequestId = $"bench-outcomes-{year}-{Guid.NewGuid():N}" };
        for (var unit = 1; unit <= Units; unit++)
        for (var month = 1; month <= 12; month++)
            batch.Lines.Add(new OutcomeLine { UnitCode = BenchData.AreaCode(unit), Year = year, Month = month, Column = FrameColumn.PersonnelCosts, Amount = -100_000L * unit - month });
        return batch;
    }
}
