using Npgsql;
using Xunit;

namespace Region.TestSupport;

/// A fresh, empty database on the local cluster for one test class; dropped afterwards.
/// Use it as a class fixture, or `await using var db = await PostgresDatabase.CreateAsync();`.
public sealed class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    public PostgresDatabase()
    {
        Name = "t_" + Guid.NewGuid().ToString("N")[..12];
        ConnectionString = new NpgsqlConnectionStringBuilder(TestInfra.PostgresAdminConnectionString)
        {
            Database = Name,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    public string Name { get; }

    /// Same server and login as the admin connection, this database, error details included.
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase();
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
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(TestInfra.PostgresAdminConnectionString);
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
