using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;
using Region.Budget.V1;

namespace Region.Benchmarks;

/// What importing a frame table through the service costs against the fastest way PostgreSQL takes
/// the same number of rows. Baseline: binary COPY (Npgsql BeginBinaryImport) of `Rows` frame-table
/// rows into a scratch table of the service's database. Measured: ImportFrameTable over gRPC of a
/// synthetic table with as many rows (validation, the org tree, the findings check, one frame and
/// one outbox event per row, one transaction).
[Config(typeof(BatchConfig))]
public class ImportBenchmarks
{
    public const int Rows = 200;

    private BenchHost _host = null!;
    private BudgetService.BudgetServiceClient _budget = null!;
    private int _year = BenchData.Year;

    [GlobalSetup(Target = nameof(Copy))]
    public async Task SetUpCopyAsync()
    {
        _host = await BenchHost.StartAsync();
        await ExecuteAsync("""
            CREATE TABLE bench_frame_rows (
                unit_code text NOT NULL, label text NOT NULL, category text NOT NULL, year int NOT NULL,
                external_revenue bigint NOT NULL, internal_revenue bigint NOT NULL, personnel_costs bigint NOT NULL,
                pharmaceuticals bigint NOT NULL, other_external_costs bigint NOT NULL, depreciation bigint NOT NULL,
                internal_costs bigint NOT NULL, net bigint NOT NULL)
            """);
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
    public void EmptyScratchTable() => ExecuteAsync("TRUNCATE bench_frame_rows").GetAwaiter().GetResult();

    /// The previous import's events are dispatched before the next one is timed, so the dispatcher
    /// (in this process) does not compete with it.
    [IterationSetup(Target = nameof(Import))]
    public void WaitForEmptyOutbox() => _host.WaitForEmptyOutboxAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "COPY 200 rows (binary, Npgsql)")]
    public async Task<ulong> Copy()
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY bench_frame_rows (unit_code, label, category, year, external_revenue, internal_revenue, personnel_costs, " +
            "pharmaceuticals, other_external_costs, depreciation, internal_costs, net) FROM STDIN (FORMAT BINARY)");
        for (var i = 1; i <= Rows; i++)
        {
            var a = BenchData.Amounts(i);
            await copy.StartRowAsync();
            await copy.WriteAsync(BenchData.AreaCode(i), NpgsqlDbType.Text);
            await copy.WriteAsync($"Område {i}", NpgsqlDbType.Text);
            await copy.WriteAsync("Officials", NpgsqlDbType.Text);
            await copy.WriteAsync(BenchData.Year, NpgsqlDbType.Integer);
            foreach (var amount in new[] { a.ExternalRevenue, a.InternalRevenue, a.PersonnelCosts, a.Pharmaceuticals, a.OtherExternalCosts, a.Depreciation, a.InternalCosts, a.Net })
                await copy.WriteAsync(amount, NpgsqlDbType.Bigint);
        }
        var written = await copy.CompleteAsync();
        return written == Rows ? written : throw new InvalidOperationException($"COPY wrote {written} rows, expected {Rows}.");
    }

    /// Each import is of a new year (2022, 2023, ...): a frame can be opened from a table only once.
    [Benchmark(Description = "ImportFrameTable 200 rows (gRPC)")]
    public async Task<FrameTableImport> Import()
    {
        var import = await _budget.ImportFrameTableAsync(BenchData.Table(Rows, _year++));
        return import.Rows == Rows && import.Findings.Count == 0
            ? import
            : throw new InvalidOperationException($"The import took {import.Rows} rows with {import.Findings.Count} findings, expected {Rows} and none.");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
