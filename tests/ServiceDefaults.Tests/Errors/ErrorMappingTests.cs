using Google.Rpc;
using Grpc.Core;
using Npgsql;
using Region.ServiceDefaults.Errors;
using Region.TestSupport;
using Xunit;

namespace Region.ServiceDefaults.Tests.Errors;

/// What a caller hears when the database refuses or is away: a deliberate status, never the SQL.
public sealed class ErrorMappingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private async Task<PostgresException> FailingAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS t (code varchar(4) PRIMARY KEY)", connection);
        await create.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task A_value_too_long_for_its_column_is_the_callers_mistake_with_a_BadRequest()
    {
        var mapped = ErrorMappingInterceptor.ToRpcException(await FailingAsync("INSERT INTO t VALUES ('TOOLONG')"))!;
        Assert.Equal(StatusCode.InvalidArgument, mapped.StatusCode);
        Assert.NotNull(mapped.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task A_NUL_character_is_the_callers_mistake()
    {
        var mapped = ErrorMappingInterceptor.ToRpcException(await FailingAsync(@"INSERT INTO t VALUES (E'a\x00')"))!;
        Assert.Equal(StatusCode.InvalidArgument, mapped.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_says_so_without_naming_the_constraint()
    {
        await FailingAsync("INSERT INTO t VALUES ('A'), ('A')");
        var mapped = ErrorMappingInterceptor.ToRpcException(await FailingAsync("INSERT INTO t VALUES ('B'), ('B')"))!;
        Assert.Equal(StatusCode.AlreadyExists, mapped.StatusCode);
        Assert.DoesNotContain("pkey", mapped.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unreachable_database_is_UNAVAILABLE()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={TestInfra.FreePort()};Username=x;Password=x;Timeout=2");
        var e = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        Assert.Equal(StatusCode.Unavailable, ErrorMappingInterceptor.ToRpcException(e)!.StatusCode);
    }

    [Fact]
    public async Task A_database_that_refuses_connections_is_an_outage()
    {
        await using var refusing = await PostgresDatabase.CreateAsync();
        await refusing.AllowConnectionsAsync(false);
        await using var connection = new NpgsqlConnection(refusing.ConnectionString + ";Pooling=false");
        var e = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal(PostgresErrorCodes.ObjectNotInPrerequisiteState, e.SqlState); // "not currently accepting connections"
        Assert.True(ErrorMappingInterceptor.IsOutage(e));
        Assert.False(ErrorMappingInterceptor.IsOutage(await FailingAsync("INSERT INTO t VALUES ('C'), ('C')")));
    }

    [Fact]
    public async Task An_unreachable_database_after_the_retries_of_EnableRetryOnFailure_is_UNAVAILABLE()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={TestInfra.FreePort()};Username=x;Password=x;Timeout=2");
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        var gaveUp = new Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException("Maximum number of retries (3) exceeded.", refused);
        Assert.Equal(StatusCode.Unavailable, ErrorMappingInterceptor.ToRpcException(gaveUp)!.StatusCode);
    }

    [Fact]
    public void A_huge_list_of_violations_is_cut_to_a_readable_status()
    {
        var violations = Enumerable.Range(0, 20_000).Select(i => new FieldViolation($"lines[{i}].unit_code", new string('x', 5_000))).ToList();
        var mapped = ErrorMappingInterceptor.ToRpcException(new ValidationFailedException(violations))!;
        Assert.True(mapped.Status.Detail.Length <= ErrorMappingInterceptor.MaxMessageLength);
        Assert.Equal(ErrorMappingInterceptor.MaxViolations + 1, mapped.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Count);
    }
}
