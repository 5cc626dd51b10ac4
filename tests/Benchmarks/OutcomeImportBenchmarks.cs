using BenchmarkDotNet.Attributes;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What recording a batch of monthly outcomes (the ledger system's import, RecordOutcomes) costs
/// against a binary COPY of every row such a batch wrote (ImportBenchmark: its outcome lines, the
/// batch record, its outbox event and audit rows). A batch is `Units` areas × 12 months of one
/// column; each iteration records a new year, so every line is a new row.
public class OutcomeImportBenchmarks : ImportBenchmark
{
    public const int Units = 200;
    public const int Lines = Units * 12;

    private BenchHost _host = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private int _year = BenchData.Year;

    protected override string ConnectionString => _host.ConnectionString;
    protected override string AnchorQuery => "SELECT xmin FROM outcome_batches";
    protected override long MinimumRows => Lines + 2;

    protected override async Task StartAsync(bool outboxDispatcher)
    {
        _host = await BenchHost.StartAsync(outboxDispatcher);
        _budget = _host.Client(BenchHost.NewTenant());
        await BenchData.CreateTreeAsync(_budget, Units);
    }

    protected override Task ImportOnceAsync() => Import();

    protected override Task StopAsync() => _host.DisposeAsync();

    [Benchmark(Description = "RecordOutcomes 2 400 lines (gRPC)")]
    public override async Task Import()
    {
        var recorded = await _budget.RecordOutcomesAsync(Batch(_year++));
        if (recorded.Recorded != Lines || recorded.AlreadyRecorded)
            throw new InvalidOperationException($"RecordOutcomes recorded {recorded.Recorded} lines, expected {Lines}.");
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
