using Npgsql;
using Region.Cli;
using Region.TestSupport;

namespace Region.Benchmarks;

/// Reporting's read model of a generated region, kept on the shared cluster between benchmark runs
/// under a name made of the seed and scale (`bench_large_19_1`): generating issue 19's region
/// through the services takes many minutes, reading it takes a second. A run reuses the database
/// when a finished generation marked it (bench_region), and generates it again when asked
/// (`--regenerate`, REGION_BENCH_REGENERATE=1) or when no finished one is there. Regenerate after
/// a change to the generator or to what reporting stores: the service migrates the kept database at
/// start-up, but rows already written do not gain what a new consumer would have put in them.
public sealed class KeptRegionDatabase(LargeRegion region)
{
    public string Name { get; } = $"bench_large_{region.Seed}_{region.ScaleText.Replace('.', '_')}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestInfra.PostgresAdminConnectionString)
    {
        Database = Name,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// Asked for and not yet done in this run: BenchmarkDotNet runs the global setup once per
    /// method, and only the first of them makes the region again; the others reuse it.
    public static bool Regenerate => Environment.GetEnvironmentVariable("REGION_BENCH_REGENERATE") is "1" or "true" && !regenerated;

    private static bool regenerated;

    /// The tenant of a finished generation and when it was made, or null when there is none.
    public async Task<(string Tenant, DateTimeOffset GeneratedAt)?> FinishedAsync()
    {
        await using var admin = new NpgsqlConnection(TestInfra.PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", Name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0) return null;

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var marker = new NpgsqlCommand("SELECT tenant, generated_at FROM bench_region LIMIT 1", connection);
        try
        {
            await using var reader = await marker.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // A generation that did not finish.
        }
    }

    /// An empty database of this name, dropping what was there.
    public async Task RecreateAsync()
    {
        await using var admin = new NpgsqlConnection(TestInfra.PostgresAdminConnectionString);
        await admin.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", $"CREATE DATABASE \"{Name}\"" })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// Marks the generation finished: reporting's read model holds all of the region.
    public async Task MarkFinishedAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE bench_region (tenant text NOT NULL, generated_at timestamptz NOT NULL);
            INSERT INTO bench_region VALUES (@tenant, now());
            """, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        await command.ExecuteNonQueryAsync();
        regenerated = true;
    }
}
