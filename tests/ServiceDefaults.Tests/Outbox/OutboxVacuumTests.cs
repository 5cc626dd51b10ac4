using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Region.ServiceDefaults.Outbox;
using Region.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Region.ServiceDefaults.Tests.Outbox;

public sealed class VacuumDb(DbContextOptions<VacuumDb> options) : NoteDb(options);

/// The dispatcher vacuums its outbox once PostgreSQL counts Outbox:VacuumAfterDeadRows dead row
/// versions in it (OutboxUpkeep; each sent event leaves about two), and never when the setting is
/// 0. Told apart from autovacuum by pg_stat_user_tables: a VACUUM statement sets last_vacuum,
/// autovacuum only last_autovacuum.
public sealed class OutboxVacuumTests(PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    const int Changes = 60;
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => OutboxTestHost.CreateSchemaAsync<VacuumDb>(database.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_outbox_is_vacuumed_once_it_holds_enough_dead_rows()
    {
        var host = await StartAsync(vacuumAfterDeadRows: Changes / 2);
        try
        {
            var before = await LastVacuumAsync();
            await WriteAndDeliverAsync(host);
            // The upkeep runs at most once a second, from the dispatch rounds (a poll every 200 ms).
            await Eventually.TrueAsync(async () => await LastVacuumAsync() is { } at && at != before, Patience, "the dispatcher's vacuum");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Theory]
    [InlineData(0)] // never
    [InlineData(2000)] // the default, far more dead rows than these changes leave
    public async Task Fewer_dead_rows_than_the_setting_or_zero_leave_the_outbox_to_autovacuum(int vacuumAfterDeadRows)
    {
        var host = await StartAsync(vacuumAfterDeadRows);
        try
        {
            var before = await LastVacuumAsync();
            await WriteAndDeliverAsync(host);
            await Task.Delay(TimeSpan.FromSeconds(4)); // upkeeps after the deletes' statistics have arrived
            Assert.Equal(before, await LastVacuumAsync());
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    Task<IHost> StartAsync(int vacuumAfterDeadRows) =>
        OutboxTestHost.StartAsync<VacuumDb>(output, database.ConnectionString, TestInfra.RabbitMqUri, outbox: o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            o.VacuumAfterDeadRows = vacuumAfterDeadRows;
        });

    // One commit per change, as the services write; then until the dispatcher has sent and deleted them all.
    async Task WriteAndDeliverAsync(IHost host)
    {
        for (var i = 0; i < Changes; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VacuumDb>();
            db.AddNote($"change {i}");
            await db.SaveChangesAsync();
        }
        await Eventually.TrueAsync(async () => await OutboxTestHost.OutboxCountAsync<VacuumDb>(database.ConnectionString) == 0,
            Patience, "an empty outbox");
    }

    // A new connection each time: a session reads the statistics as they stood at its first read.
    async Task<DateTime?> LastVacuumAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'outbox_messages'", connection);
        return await command.ExecuteScalarAsync() is DateTime at ? at : null;
    }
}
