using Npgsql;
using Xunit;

namespace Region.TestSupport;

/// A fresh, empty database on the local cluster for one test class; dropped afterwards.
/// Use it as a class fixture, or `await using var db = await PostgresDatabase.CreateAsync();`.
public sealed class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _admin;

    public PostgresDatabase() : this(TestInfra.PostgresAdminConnectionString)
    {
    }

    // Private: xunit builds a class fixture only through its one public constructor.
    private PostgresDatabase(string adminConnectionString)
    {
        _admin = adminConnectionString;
        Name = "t_" + Guid.NewGuid().ToString("N")[..12];
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin)
        {
            Database = Name,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    public string Name { get; }

    /// Same server and login as the admin connection, this database, error details included.
    public string ConnectionString { get; }

    /// On the shared cluster, or on another one (a PrivatePostgres) given its admin connection string.
    public static async Task<PostgresDatabase> CreateAsync(string? adminConnectionString = null)
    {
        var database = new PostgresDatabase(adminConnectionString ?? TestInfra.PostgresAdminConnectionString);
        await database.InitializeAsync();
        return database;
    }

    public async Task InitializeAsync()
    {
        await using var admin = await OpenAdminAsync();
        // Concurrent CREATE DATABASE can briefly find the template in use; that is worth a retry, not a red test.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
                await create.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }

    public async Task DisposeAsync()
    {
        // Pooled connections of this database would otherwise linger, broken, until the process ends.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        // A cluster restarted under the tests (the fault suite restarts its own) leaves the admin
        // pool's idle connections terminated (57P01 on first use): start the drop on a fresh one.
        await using (var adminConnection = new NpgsqlConnection(_admin))
        {
            NpgsqlConnection.ClearPool(adminConnection);
        }
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// As good as the server being gone for this database (allowed = false): it refuses new
    /// connections and its open ones are ended; true lets it be used again.
    public async Task AllowConnectionsAsync(bool allowed)
    {
        await using var admin = await OpenAdminAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
        await alter.ExecuteNonQueryAsync();
        if (allowed)
            return;
        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin)
        {
            Parameters = { new() { Value = Name } },
        };
        await end.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(_admin);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {connection.Host}:{connection.Port}; start it with deploy/local/up.", e);
        }
    }
}
