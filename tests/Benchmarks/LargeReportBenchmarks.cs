extern alias reporting;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Region.Reporting.V1;
using Region.ServiceDefaults.Data;
using reporting::Region.Reporting.ReadModel;

namespace Region.Benchmarks;

/// The follow-up report of one body of issue 19's generated region (LargeRegionBenchHost: 200
/// units, 500 goals, 24 months of outcomes, 100 investments per body at scale 1) against one
/// hand-written SQL query over reporting's read model computing the same figures: goals and
/// assignments per status for the period, the body's frames and outcomes summed over its subtree,
/// the investments' count and amount. Target: GetReport ≤ 3× the query and ≤ 200 ms.
[Config(typeof(LargeDataConfig))]
public class LargeReportBenchmarks
{
    public const string Period = "2025-T3";

    /// The figures the report and the query must agree on before anything is timed.
    private const string Aggregation = """
        WITH RECURSIVE subtree(code) AS (
            SELECT "Code" FROM org_unit_replica WHERE "Tenant" = @t AND "Code" = @body
            UNION ALL
            SELECT u."Code" FROM org_unit_replica u JOIN subtree s ON u."ParentCode" = s.code WHERE u."Tenant" = @t),
        statuses AS (
            SELECT g."Kind" AS kind, coalesce(p."Status", 'NotMeasurable') AS status, count(*) AS n
            FROM goals g LEFT JOIN goal_periods p ON p."Tenant" = g."Tenant" AND p."GoalId" = g."GoalId"
                AND p."Year" = @year AND p."PeriodKind" = 'Tertial' AND p."PeriodNumber" = @tertial
            WHERE g."Tenant" = @t AND g."BodyCode" = @body AND g."Year" = @year AND NOT g."Removed"
            GROUP BY 1, 2)
        SELECT
            (SELECT coalesce(string_agg(kind || ':' || status || '=' || n, ',' ORDER BY kind, status), '') FROM statuses),
            (SELECT count(*) FROM subtree),
            (SELECT coalesce(sum(f."Current_ExternalRevenue" + f."Current_InternalRevenue" + f."Current_PersonnelCosts" + f."Current_Pharmaceuticals"
                + f."Current_OtherExternalCosts" + f."Current_Depreciation" + f."Current_InternalCosts"), 0)
             FROM frames f JOIN subtree s ON f."UnitCode" = s.code WHERE f."Tenant" = @t AND f."Year" = @year),
            (SELECT coalesce(sum(o."Amount"), 0) FROM budget_outcomes o JOIN subtree s ON o."UnitCode" = s.code
             WHERE o."Tenant" = @t AND o."Year" = @year AND o."Month" <= @month),
            (SELECT count(*) FROM investments WHERE "Tenant" = @t AND "BodyCode" = @body AND "Year" = @year AND "Status" <> 'Cancelled'),
            (SELECT coalesce(sum("Amount"), 0) FROM investments WHERE "Tenant" = @t AND "BodyCode" = @body AND "Year" = @year AND "Status" <> 'Cancelled')
        """;

    private LargeRegionBenchHost _region = null!;
    private ReportingService.ReportingServiceClient _reporting = null!;
    private NpgsqlDataSource _database = null!;
    private GetReportRequest _getReport = null!;
    private RenderReportRequest _render = null!;
    private DatabaseChanges _changes = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _region = await LargeRegionBenchHost.StartAsync();
        var body = _region.Region.Bodies[0];
        _reporting = _region.Reporting.Client(_region.Tenant);
        _database = NpgsqlDataSource.Create(_region.ReadModelConnectionString);
        _changes = _region.Reporting.Factory.Services.GetRequiredService<DatabaseChanges>();
        _getReport = new GetReportRequest { BodyCode = body, Period = Period };
        _render = new RenderReportRequest { BodyCode = body, Period = Period, Format = ReportFormat.Markdown };

        // Fail here, not with a flattering ratio, if the query and the report do not say the same.
        var report = await _reporting.GetReportAsync(_getReport);
        var fromReport = Figures(report);
        var fromQuery = await Sql();
        if (fromReport != fromQuery) throw new InvalidOperationException($"The report says {fromReport}, the query {fromQuery}.");
        Console.WriteLine($"// {body} {Period}: {fromQuery}");
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _database.DisposeAsync();
        await _region.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "One SQL aggregation of the report's figures (read model, Npgsql)")]
    public Task<string> Sql() => SqlAsync();

    [Benchmark(Description = "GetReport (body of the large region, gRPC)")]
    public async Task<Report> GetReport() => await _reporting.GetReportAsync(_getReport);

    /// What the first reader after a change waits for: the read-model version moves (one committed
    /// UPDATE, as every applied event moves it), so reporting builds the report again. Reporting
    /// learns of an outside commit from its notification, so the call waits for that first;
    /// otherwise it could still be served the kept build and flatter the row.
    [Benchmark(Description = "GetReport after a change (built anew, large region, gRPC)")]
    public async Task<Report> GetReportAfterChange()
    {
        var key = ReportingChanges.ReadModel(_region.Tenant);
        var before = _changes.Generation(key);
        await using (var bump = _database.CreateCommand("UPDATE read_model_versions SET version = version + 1 WHERE tenant = @t"))
        {
            bump.Parameters.AddWithValue("t", _region.Tenant);
            if (await bump.ExecuteNonQueryAsync() == 0) throw new InvalidOperationException("The tenant has no read-model version.");
        }
        // Not listening (null): every read checks the database, so the change shows anyway.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (before is not null && _changes.Generation(key) == before)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("Reporting did not hear of the change.");
            await Task.Delay(1);
        }
        return await _reporting.GetReportAsync(_getReport);
    }

    [Benchmark(Description = "RenderReport Markdown (body of the large region, gRPC)")]
    public async Task<RenderedReport> RenderReport() => await _reporting.RenderReportAsync(_render);

    private async Task<string> SqlAsync()
    {
        await using var command = _database.CreateCommand(Aggregation);
        command.Parameters.AddWithValue("t", _region.Tenant);
        command.Parameters.AddWithValue("body", _getReport.BodyCode);
        command.Parameters.AddWithValue("year", 2025);
        command.Parameters.AddWithValue("tertial", 3);
        command.Parameters.AddWithValue("month", 12);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"statuses {reader.GetString(0)}; units {reader.GetInt64(1)}; frames {reader.GetInt64(2)}; outcomes {reader.GetInt64(3)}; "
            + $"investments {reader.GetInt64(4)} for {reader.GetInt64(5)}";
    }

    /// The report's figures written as SqlAsync writes the query's.
    private static string Figures(Report r)
    {
        static IEnumerable<string> Of(string kind, StatusCounts c) =>
            new[] { ("Green", c.Green), ("NotMeasurable", c.NotMeasurable), ("Red", c.Red), ("Yellow", c.Yellow) }
                .Where(x => x.Item2 > 0).Select(x => $"{kind}:{x.Item1}={x.Item2}");
        var body = r.Budget.Rows.Single(row => row.UnitCode == r.BodyCode);
        return $"statuses {string.Join(',', Of("Assignment", r.Assignments).Concat(Of("Goal", r.Goals)))}; units {r.Budget.Rows.Count}; "
            + $"frames {body.Frame}; outcomes {body.Outcome}; investments {r.Investments.Total.Objects} for {r.Investments.Total.Decided}";
    }
}

/// ShortCallsConfig's single calls, with room for the global setup: generating the large region
/// through the services takes minutes, past the in-process toolchain's default limit.
public sealed class LargeDataConfig : ManualConfig
{
    public LargeDataConfig() => AddJob(Job.Default
        .WithId("LargeData")
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(90), logOutput: true))
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(8)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
}
