using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tests.OrgUnits;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Data;

/// The services' connection strings prepare statements and skip the reset on return to the pool
/// (DatabaseExtensions.ServiceConnectionString), so nothing may leave session state on a pooled connection.
public sealed class ServiceConnectionStringTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public void Prepares_statements_and_skips_the_reset_unless_the_connection_string_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ServiceConnectionString("Host=db;Database=budget"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);

        var given = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ServiceConnectionString("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal(0, given.MaxAutoPrepare);
        Assert.False(given.NoResetOnClose);
    }

    [Fact]
    public async Task Migrating_leaves_no_advisory_lock_on_the_pooled_connection()
    {
        var connectionString = DatabaseExtensions.ServiceConnectionString(database.ConnectionString);
        await using (var db = new ReplicaDb(new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(connectionString).Options))
            await DatabaseExtensions.MigrateAsync(db, NullLogger.Instance);

        // The same pool: the connection the migration used, as the next request gets it.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var locks = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()", connection);
        Assert.Equal(0L, await locks.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrating_a_new_database_logs_no_error()
    {
        await using var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        var logs = new ConcurrentQueue<CapturedLog>();
        using var loggers = LoggerFactory.Create(l => l.AddProvider(new CapturingLoggerProvider(logs)).SetMinimumLevel(LogLevel.Warning));
        var options = new DbContextOptionsBuilder<ReplicaDb>().UseNpgsql(fresh.ConnectionString).UseLoggerFactory(loggers).Options;
        await using (var db = new ReplicaDb(options))
            await DatabaseExtensions.MigrateAsync(db, loggers.CreateLogger("Migrations"));

        Assert.Empty(logs.Select(l => $"{l.Level} {l.Category}: {l.Message}"));
        await using var migrated = new ReplicaDb(options);
        Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
    }
}
